#!/usr/bin/env bash
# Exercises `scripts/engine.sh up|status|host|cli|exec|down NAME` for a named engine (default
# docker28) in a private state dir, beside whatever already runs: its own network namespace and
# data root, the registries inside it, the base image loaded and pushed, `up` twice (the second
# reuses everything), and `down` leaving nothing running and the host's docker0 alone. Needs root.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $(id -u) -eq 0 ]] || { echo "test-engine-named.sh: needs root" >&2; exit 2; }
name="${1:-docker28}"
work=$(mktemp -d /tmp/dmsb-engine-named.XXXXXX)
export DMSB_ENGINE_DIR="$work"
fail() { echo "test-engine-named.sh: FAILED: $*" >&2; exit 1; }
cleanup() { scripts/engine.sh down "$name" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
docker0_before=$(cat /sys/class/net/docker0/address 2>/dev/null || true)
# the forky packages are fetched again here unless a cache is handed in
if [[ -d /tmp/dmsb-engine/forky/debs && "$name" != podman ]]; then
  mkdir -p "$work/forky" && cp -r /tmp/dmsb-engine/forky/debs "$work/forky/"
fi
scripts/engine.sh up "$name"
start=$SECONDS
out=$(scripts/engine.sh up "$name") || fail "second up failed"
grep -q 'ready:' <<<"$out" || fail "second up did not report ready"
if grep -q 'starting' <<<"$out"; then fail "second up started something again: $out"; fi
echo "test-engine-named.sh: second up took $((SECONDS - start)) s"
scripts/engine.sh status "$name" || fail "status after up"
host=$(scripts/engine.sh host "$name")
[[ "$host" == "unix://$work/$name/"*.sock ]] || fail "host printed $host"
cli=$(scripts/engine.sh cli "$name")
layers=$("$cli" image inspect --format '{{len .RootFS.Layers}}' dmsb/busybox:latest)
[[ "$layers" == 2 ]] || fail "dmsb/busybox:latest has $layers layers"
tags=$(scripts/engine.sh exec "$name" -- curl -fsS http://127.0.0.1:5000/v2/dmsb/busybox/tags/list)
grep -q latest <<<"$tags" || fail "the open registry in the namespace lacks dmsb/busybox"
tags=$(scripts/engine.sh exec "$name" -- curl -fsS -u dmsb:dmsb-secret http://127.0.0.1:5001/v2/dmsb/busybox/tags/list)
grep -q latest <<<"$tags" || fail "the auth registry in the namespace lacks dmsb/busybox"
if scripts/engine.sh exec "$name" -- curl -fsS -u dmsb:wrong http://127.0.0.1:5001/v2/ >/dev/null 2>&1; then
  fail "the auth registry took a wrong password"
fi
[[ "$(scripts/engine.sh exec "$name" -- sh -c 'echo $DOCKER_HOST')" == "$host" ]] || fail "exec sets no DOCKER_HOST"
scripts/engine.sh down "$name"
if scripts/engine.sh status "$name" >/dev/null 2>&1; then fail "status still says up after down"; fi
for pidfile in "$work/$name"/*.pid "$work/$name"/registry-*/registry.pid; do
  [[ -e "$pidfile" ]] && fail "down left $pidfile"
done
[[ "$(cat /sys/class/net/docker0/address 2>/dev/null || true)" == "$docker0_before" ]] || fail "docker0 changed"
echo "test-engine-named.sh: $name passed"
