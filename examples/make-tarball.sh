#!/usr/bin/env bash
# Makes app-1.0.tar.gz, the small "download" the examples unpack, byte for byte the same on
# every run (sorted names, fixed times and owners, gzip without a name or time stamp), and
# copies it into each example folder (each folder is a build context of its own).
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/app-1.0/bin"
cat >"$work/app-1.0/bin/hello" <<'SCRIPT'
#!/bin/sh
echo "hello from app 1.0"
SCRIPT
chmod 755 "$work/app-1.0/bin/hello"
cat >"$work/app-1.0/README" <<'TEXT'
app 1.0: a stand-in for a downloaded release. bin/hello prints a greeting.
TEXT
chmod 644 "$work/app-1.0/README"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --format=ustar \
  -C "$work" -cf - app-1.0 | gzip -9 -n >"$work/app-1.0.tar.gz"
for dir in quickstart seed; do cp "$work/app-1.0.tar.gz" "$dir/app-1.0.tar.gz"; done
