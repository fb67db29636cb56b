#!/usr/bin/env bash
# Exercises `scripts/engine.sh up|status|host|env|cli|exec|down buildkitd` and `buildkitd-empty`
# in a private state dir and on a private tcp port (DMSB_BUILDKIT_TCP), beside the daemons that
# already run: the archive unpacked, `up` twice (the second starts nothing), a two-stage build with
# RUN steps (which reach the registry over the host's network) pushed to 127.0.0.1:5000, a build
# over tcp with the right TLS material, refusals with the wrong CA and the wrong client, the empty
# daemon emptied when it starts, and `down` leaving no process, step container, mount or socket,
# even when it stops a daemon in the middle of a build. Needs root and the registries of
# `scripts/engine.sh up`.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $(id -u) -eq 0 ]] || { echo "test-engine-buildkitd.sh: needs root" >&2; exit 2; }
work=$(mktemp -d /tmp/dmsb-engine-bk.XXXXXX)
export DMSB_ENGINE_DIR="$work/state" DMSB_BUILDKIT_TCP="127.0.0.1:${DMSB_TEST_BUILDKIT_PORT:-12341}"
fail() { echo "test-engine-buildkitd.sh: FAILED: $*" >&2; exit 1; }
cleanup() {
  scripts/engine.sh down buildkitd-empty >/dev/null 2>&1 || true
  scripts/engine.sh down buildkitd >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
ref="127.0.0.1:5000/dmsb-it/engine-buildkitd:$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"

scripts/engine.sh up buildkitd
out=$(scripts/engine.sh up buildkitd) || fail "second up failed"
if grep -q 'starting\|unpacking\|making' <<<"$out"; then fail "second up did again what the first did: $out"; fi
scripts/engine.sh status buildkitd || fail "status after up"
eval "$(scripts/engine.sh env buildkitd)"
[[ "$DMSB_IT_BUILDKIT_HOST" == "unix://$DMSB_ENGINE_DIR/buildkitd/buildkitd.sock" ]] || fail "env: $DMSB_IT_BUILDKIT_HOST"
[[ "$(scripts/engine.sh host buildkitd)" == "$DMSB_IT_BUILDKIT_HOST" ]] || fail "host differs from env"
[[ "$DMSB_IT_BUILDKIT_TCP_HOST" == "tcp://$DMSB_BUILDKIT_TCP" ]] || fail "env: $DMSB_IT_BUILDKIT_TCP_HOST"
[[ "$(scripts/engine.sh cli buildkitd)" == "$DMSB_IT_BUILDCTL" && -x "$DMSB_IT_BUILDCTL" ]] || fail "cli: $DMSB_IT_BUILDCTL"
tls="$DMSB_IT_BUILDKIT_TLS"
for f in ca.pem cert.pem key.pem server-cert.pem server-key.pem other/ca.pem other/cert.pem other/key.pem; do
  [[ -s "$tls/$f" ]] || fail "missing TLS material $tls/$f"
done
openssl x509 -noout -ext subjectAltName -in "$tls/server-cert.pem" | grep -q 'IP Address:127.0.0.1' || fail "server SANs"
[[ "$(scripts/engine.sh exec buildkitd -- sh -c 'echo $BUILDKIT_HOST')" == "$DMSB_IT_BUILDKIT_HOST" ]] || fail "exec sets no BUILDKIT_HOST"

ctx="$work/ctx"
mkdir -p "$ctx"
echo hello >"$ctx/hello.txt"
cat >"$ctx/Dockerfile" <<'EOF'
FROM 127.0.0.1:5000/dmsb/busybox:latest AS builder
RUN mkdir /out && echo built > /out/app && wget -q -O /out/registry http://127.0.0.1:5000/v2/
FROM 127.0.0.1:5000/dmsb/busybox:latest
COPY --from=builder /out /opt/out
COPY hello.txt /hello.txt
EOF
build() { # build GLOBAL-FLAGS... -- BUILD-FLAGS...
  local global=()
  while [[ "$1" != -- ]]; do global+=("$1") && shift; done
  shift
  "$DMSB_IT_BUILDCTL" "${global[@]}" build --frontend dockerfile.v0 --local context="$ctx" --local dockerfile="$ctx" "$@"
}
build --addr "$DMSB_IT_BUILDKIT_HOST" -- --output "type=image,name=$ref,push=true" 2>"$work/build.log" ||
  fail "build over unix failed: $(tail -5 "$work/build.log")"
repo=${ref#127.0.0.1:5000/}
curl -fsS -o /dev/null -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
  "http://127.0.0.1:5000/v2/${repo%:*}/manifests/${repo##*:}" || fail "$ref is not in the registry"
tcp=(--addr "$DMSB_IT_BUILDKIT_TCP_HOST" --tlsservername buildkitd)
build "${tcp[@]}" --tlscacert "$tls/ca.pem" --tlscert "$tls/cert.pem" --tlskey "$tls/key.pem" \
  -- --output "type=tar,dest=$work/out.tar" 2>"$work/tcp.log" || fail "build over tcp with TLS failed: $(tail -5 "$work/tcp.log")"
tar -xOf "$work/out.tar" opt/out/app | grep -q built || fail "the tcp build's RUN output is missing"
tar -tf "$work/out.tar" | grep -q '^opt/out/registry$' || fail "the RUN step did not reach the registry"
if "$DMSB_IT_BUILDCTL" --timeout 5 "${tcp[@]}" --tlscacert "$tls/other/ca.pem" --tlscert "$tls/cert.pem" \
  --tlskey "$tls/key.pem" debug workers >/dev/null 2>&1; then fail "the client took a server of another CA"; fi
if "$DMSB_IT_BUILDCTL" --timeout 5 "${tcp[@]}" --tlscacert "$tls/ca.pem" --tlscert "$tls/other/cert.pem" \
  --tlskey "$tls/other/key.pem" debug workers >/dev/null 2>&1; then fail "buildkitd took a client of another CA"; fi
if "$DMSB_IT_BUILDCTL" --timeout 5 "${tcp[@]}" --tlscacert "$tls/ca.pem" debug workers >/dev/null 2>&1; then
  fail "buildkitd took a client without a certificate"
fi

scripts/engine.sh up buildkitd-empty
empty="$DMSB_ENGINE_DIR/buildkitd-empty"
build --addr "$DMSB_IT_BUILDKIT_EMPTY_HOST" -- --output "type=tar,dest=$work/empty.tar" 2>/dev/null || fail "build on the empty daemon"
records() { "$DMSB_IT_BUILDCTL" --addr "$DMSB_IT_BUILDKIT_EMPTY_HOST" du | awk 'NR > 1 && NF && !/^(Reclaimable|Total|Shared|Private):/' | wc -l; }
(($(records) > 0)) || fail "the empty daemon kept nothing of its build"
# A build in flight when `down` comes: the daemon and its step container still go.
printf 'FROM 127.0.0.1:5000/dmsb/busybox:latest\nRUN sleep 120\n' >"$work/Dockerfile.sleep"
"$DMSB_IT_BUILDCTL" --addr "$DMSB_IT_BUILDKIT_EMPTY_HOST" build --frontend dockerfile.v0 --local context="$ctx" \
  --local dockerfile="$work" --opt filename=Dockerfile.sleep >/dev/null 2>&1 &
client=$!
for _ in $(seq 1 100); do runc list 2>/dev/null | grep -q "$empty/" && break; sleep 0.2; done
runc list 2>/dev/null | grep -q "$empty/" || fail "the sleeping step did not start"
scripts/engine.sh down buildkitd-empty
wait "$client" 2>/dev/null || true
runc list 2>/dev/null | grep -q "$empty/" && fail "down left a step container"
scripts/engine.sh up buildkitd-empty >/dev/null
(($(records) == 0)) || fail "buildkitd-empty was not emptied by its start"

scripts/engine.sh down buildkitd-empty
scripts/engine.sh down buildkitd
if scripts/engine.sh status buildkitd >/dev/null 2>&1; then fail "status still says up after down"; fi
pgrep -f "$DMSB_ENGINE_DIR/" >/dev/null && fail "down left processes: $(pgrep -af "$DMSB_ENGINE_DIR/")"
findmnt -rn -o TARGET | grep -q "^$DMSB_ENGINE_DIR/" && fail "down left mounts"
find "$DMSB_ENGINE_DIR" -type s | grep -q . && fail "down left sockets: $(find "$DMSB_ENGINE_DIR" -type s)"
find "$DMSB_ENGINE_DIR" -name '*.pid' | grep -q . && fail "down left pid files"
ss -ltn | grep -q " $DMSB_BUILDKIT_TCP " && fail "$DMSB_BUILDKIT_TCP still listens"
echo "test-engine-buildkitd.sh: passed"
