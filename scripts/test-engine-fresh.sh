#!/usr/bin/env bash
# Exercises the "nothing runs yet" path of scripts/engine.sh without touching the engine that may
# already run here: in private mount and network namespaces, with an empty /run and its own
# /var/lib/docker, it runs `up` (start dockerd, both registries, build and push the base image),
# `up` again (reuse everything), `status` and `down`. Needs root and the packages installed;
# the apt part of a fresh machine is not covered.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $(id -u) -eq 0 ]] || { echo "test-engine-fresh.sh: needs root (unshare, mount)" >&2; exit 2; }
work=$(mktemp -d /tmp/dmsb-engine-fresh.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lib" "$work/state"
unshare -m -n --propagation private bash -euo pipefail -c '
  work=$1
  ip link set lo up
  mount -t tmpfs tmpfs /run
  mount --bind "$work/lib" /var/lib/docker
  export DMSB_ENGINE_DIR=$work/state
  trap "scripts/engine.sh down" EXIT
  scripts/engine.sh up
  scripts/engine.sh up
  scripts/engine.sh status
  layers=$(curl -s --unix-socket /var/run/docker.sock http://localhost/images/dmsb/busybox:latest/json |
    grep -o "\"Layers\":\[[^]]*\]" | grep -o sha256 | wc -l)
  [[ $layers -eq 2 ]] || { echo "expected 2 layers in dmsb/busybox:latest, got $layers" >&2; exit 1; }
  curl -fsS -u dmsb:dmsb-secret http://127.0.0.1:5001/v2/dmsb/busybox/tags/list
  if curl -fsS -u dmsb:wrong http://127.0.0.1:5001/v2/dmsb/busybox/tags/list 2>/dev/null; then
    echo "the auth registry accepted a wrong password" >&2; exit 1
  fi
  echo "test-engine-fresh.sh: passed"
' _ "$work"
