#!/usr/bin/env bash
# Makes a Docker engine, two local registries and the base image dmsb/busybox:latest available.
#
#   scripts/engine.sh up       use a running engine, or install and start one (root on Debian)
#   scripts/engine.sh status   say what answers and what this script started
#   scripts/engine.sh down     stop only what `up` started (pid files in the state dir)
#   scripts/engine.sh host     print the DOCKER_HOST of the engine
#   scripts/engine.sh cli      print the docker CLI the tests use as their oracle
#   scripts/engine.sh env      print the tests' variables (buildkitd, buildkitd-empty)
#
# Each command takes an engine NAME: docker20 (the default; the machine's engine as described
# here), docker28, docker28-containerd or podman (started beside it in their own network
# namespaces; see scripts/engine-named.sh). `scripts/engine.sh exec NAME -- CMD...` runs CMD in
# that engine's namespace with DOCKER_HOST set and its docker CLI first on the PATH.
# The names buildkitd and buildkitd-empty are standalone BuildKit daemons beside the engine (see
# scripts/engine-buildkitd.sh); `up` with no name starts both too where it can (root).
#
# Idempotent: `up` reuses whatever already answers. Nothing is pulled from the internet:
# the base image is built FROM scratch out of Debian's busybox-static.
#
# What `up` provides:
#   engine      $DOCKER_HOST (unix:// or tcp://) if set, else unix:///var/run/docker.sock
#   registry    127.0.0.1:5000, no auth (loopback only)
#   registry    127.0.0.1:5001, htpasswd auth; TEST-ONLY credentials: user dmsb, password dmsb-secret
#   image       dmsb/busybox:latest, also pushed to both registries as 127.0.0.1:500{0,1}/dmsb/busybox:latest
#   buildkitd   BuildKit v0.32.2 on unix://$DMSB_ENGINE_DIR/buildkitd/buildkitd.sock and
#               tcp://127.0.0.1:12340 (mutual TLS), and buildkitd-empty (root emptied when it starts)
#
# Environment:
#   DMSB_ENGINE_DIR      state dir for logs, pid files, registry storage (default /tmp/dmsb-engine)
#   DMSB_ENGINE_TIMEOUT  seconds to wait for a started dockerd or registry (default 60)
set -euo pipefail

readonly STATE_DIR="${DMSB_ENGINE_DIR:-/tmp/dmsb-engine}"
readonly TIMEOUT="${DMSB_ENGINE_TIMEOUT:-60}"
readonly DEFAULT_HOST="unix:///var/run/docker.sock"
readonly ENGINE_HOST="${DOCKER_HOST:-$DEFAULT_HOST}"
readonly BASE_IMAGE="dmsb/busybox:latest"
readonly OPEN_REGISTRY="127.0.0.1:5000"
readonly AUTH_REGISTRY="127.0.0.1:5001"
readonly AUTH_USER="dmsb"
readonly AUTH_PASSWORD="dmsb-secret" # test-only credentials of the local auth registry

APT_UPDATED=false

say() { printf 'engine.sh: %s\n' "$*"; }
die() {
  printf 'engine.sh: error: %s\n' "$*" >&2
  exit 1
}

# ---------------------------------------------------------------------------------------------
# packages

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

# Installs the named Debian packages that are missing; apt-get update runs at most once.
ensure_packages() {
  local missing=() p
  for p in "$@"; do
    if ! installed "$p"; then missing+=("$p"); fi
  done
  ((${#missing[@]} == 0)) && return 0
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
    die "missing packages: ${missing[*]}; install them (as root on Debian: apt-get install ${missing[*]}) or run this script as root"
  fi
  say "installing ${missing[*]}"
  if [[ $APT_UPDATED == false ]]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq || die "apt-get update failed"
    APT_UPDATED=true
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null ||
    die "apt-get install ${missing[*]} failed"
}

# ---------------------------------------------------------------------------------------------
# engine

# curl arguments that reach the engine named by ENGINE_HOST; the path is appended by the caller.
engine_curl() {
  local path="$1"
  shift
  case "$ENGINE_HOST" in
  unix://*) curl -sS -m 5 --unix-socket "${ENGINE_HOST#unix://}" "$@" "http://localhost$path" ;;
  tcp://*)
    if [[ -n "${DOCKER_TLS_VERIFY:-}" ]]; then
      local certs="${DOCKER_CERT_PATH:-$HOME/.docker}"
      curl -sS -m 5 --cacert "$certs/ca.pem" --cert "$certs/cert.pem" --key "$certs/key.pem" \
        "$@" "https://${ENGINE_HOST#tcp://}$path"
    else
      curl -sS -m 5 "$@" "http://${ENGINE_HOST#tcp://}$path"
    fi
    ;;
  *) die "DOCKER_HOST=$ENGINE_HOST: only unix:// and tcp:// addresses are supported" ;;
  esac
}

engine_answers() { [[ "$(engine_curl /_ping 2>/dev/null)" == "OK" ]]; }

engine_version() { engine_curl /version 2>/dev/null | sed -n 's/.*"Version":"\([^"]*\)".*"ApiVersion".*/\1/p' | head -1; }

# pid_alive PIDFILE NAME: the pid file names a live process called NAME (so a reused pid of
# some other program is never waited for or stopped).
pid_alive() {
  [[ -f "$1" ]] || return 1
  local pid
  pid=$(cat "$1")
  [[ "$pid" =~ ^[0-9]+$ ]] && [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == "$2" ]]
}

wait_for() { # wait_for DESCRIPTION LOGFILE COMMAND...
  local what="$1" log="$2" deadline=$((SECONDS + TIMEOUT))
  shift 2
  until "$@"; do
    if ((SECONDS >= deadline)); then
      printf 'engine.sh: error: %s did not answer within %ss; last lines of %s:\n' "$what" "$TIMEOUT" "$log" >&2
      tail -n 30 "$log" >&2 2>/dev/null || true
      exit 1
    fi
    sleep 0.5
  done
}

start_dockerd() {
  local dockerd
  dockerd=$(command -v dockerd || true)
  if [[ -z "$dockerd" ]]; then
    # Only when no dockerd is installed at all: docker.io conflicts with Docker's own docker-ce.
    ensure_packages docker.io
    dockerd=/usr/sbin/dockerd
    # A package's start-up script may have started it already (when policy-rc.d allows it).
    if engine_answers; then return; fi
  fi
  # Cgroup controllers must be mounted for runc; most machines already have them.
  if [[ -z "$(ls -A /sys/fs/cgroup 2>/dev/null)" ]] && command -v cgroupfs-mount >/dev/null; then
    cgroupfs-mount || true
  fi
  local pidfile="$STATE_DIR/dockerd.pid" log="$STATE_DIR/dockerd.log"
  if pid_alive "$pidfile" dockerd; then
    say "dockerd started earlier (pid $(cat "$pidfile")) is not answering yet; waiting"
  elif pid_alive /var/run/docker.pid dockerd; then
    say "a dockerd (pid $(cat /var/run/docker.pid)) runs but is not answering yet; waiting"
    log=/dev/null
  else
    say "starting $dockerd (log: $log)"
    # setsid: the daemon must outlive this script and the shell that ran it.
    setsid nohup "$dockerd" >"$log" 2>&1 </dev/null &
    echo $! >"$pidfile"
  fi
  wait_for "dockerd at $ENGINE_HOST" "$log" engine_answers
}

ensure_engine() {
  if ! command -v curl >/dev/null; then ensure_packages curl; fi
  if engine_answers; then
    say "engine at $ENGINE_HOST answers (Docker $(engine_version))"
    return
  fi
  if [[ "$ENGINE_HOST" != "$DEFAULT_HOST" ]]; then
    die "no engine answers at DOCKER_HOST=$ENGINE_HOST; start it, or unset DOCKER_HOST so that this script starts a local one"
  fi
  [[ $(id -u) -eq 0 ]] || die "no engine answers at $ENGINE_HOST and starting one needs root; run: sudo $0 up"
  start_dockerd
  say "engine at $ENGINE_HOST answers (Docker $(engine_version))"
}

# ---------------------------------------------------------------------------------------------
# registries

registry_answers() { # registry_answers ADDR [curl args...]
  local addr="$1"
  shift
  local code
  code=$(curl -s -o /dev/null -m 3 -w '%{http_code}' "$@" "http://$addr/v2/" 2>/dev/null) || true
  [[ "$code" == 200 || "$code" == 401 ]]
}

# registry_config DIR ADDR [AUTH]: the registry's config (storage in DIR/data), on stdout.
registry_config() {
  local dir="$1" addr="$2" auth="${3:-}"
  printf 'version: 0.1\nlog:\n  level: warn\n  accesslog:\n    disabled: true\n'
  printf 'storage:\n  filesystem:\n    rootdirectory: %s\n  delete:\n    enabled: true\n' "$dir/data"
  printf 'http:\n  addr: %s\n' "$addr"
  if [[ -n "$auth" ]]; then
    htpasswd -Bbn "$AUTH_USER" "$AUTH_PASSWORD" >"$dir/htpasswd"
    printf 'auth:\n  htpasswd:\n    realm: dmsb-test\n    path: %s\n' "$dir/htpasswd"
  fi
}

# start_registry NAME ADDR [AUTH]: Debian's docker-registry with its own config in the state dir.
start_registry() {
  local name="$1" addr="$2" auth="${3:-}"
  if registry_answers "$addr"; then
    say "registry at $addr answers"
    return
  fi
  ensure_packages docker-registry apache2-utils
  local dir="$STATE_DIR/$name"
  mkdir -p "$dir/data"
  registry_config "$dir" "$addr" "$auth" >"$dir/config.yml"
  say "starting registry $addr${auth:+ (htpasswd: $AUTH_USER / $AUTH_PASSWORD)} (log: $dir/registry.log)"
  setsid nohup /usr/bin/docker-registry serve "$dir/config.yml" >"$dir/registry.log" 2>&1 </dev/null &
  echo $! >"$dir/registry.pid"
  wait_for "registry $addr" "$dir/registry.log" registry_answers "$addr"
}

# ---------------------------------------------------------------------------------------------
# base image

# The docker CLI for this set-up only (dmsb itself never uses it): Debian's 20.10 client when
# present, since it has BuildKit built in; another client falls back to the legacy builder
# unless it has buildx.
docker_cli() {
  if [[ -x /usr/bin/docker ]]; then
    DOCKER_BUILDKIT=1 /usr/bin/docker "$@"
  elif command -v docker >/dev/null; then
    if docker buildx version >/dev/null 2>&1; then
      DOCKER_BUILDKIT=1 docker "$@"
    else
      DOCKER_BUILDKIT=0 docker "$@"
    fi
  else
    die "no docker CLI found to build $BASE_IMAGE; install docker.io (apt-get install docker.io)"
  fi
}

image_exists() { [[ "$(engine_curl "/images/$1/json" -o /dev/null -w '%{http_code}' 2>/dev/null)" == 200 ]]; }

# build_base_image TAG: FROM scratch, /bin/busybox and its applet links; two layers.
build_base_image() {
  local tag="$1" dir
  ensure_packages busybox-static
  dir=$(mktemp -d)
  cp /bin/busybox "$dir/busybox"
  printf 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox","--install","-s","/bin"]\n' >"$dir/Dockerfile"
  say "building $tag from /bin/busybox"
  if ! docker_cli build -q -t "$tag" "$dir" >/dev/null; then
    rm -rf "$dir"
    die "building $tag failed (see the docker output above)"
  fi
  rm -rf "$dir"
}

manifest_in() { # manifest_in ADDR IMAGE [curl args...]; IMAGE as name:tag
  local addr="$1" image="$2"
  shift 2
  [[ "$(curl -s -o /dev/null -m 5 -w '%{http_code}' "$@" \
    -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    "http://$addr/v2/${image%:*}/manifests/${image##*:}" 2>/dev/null)" == 200 ]]
}

push_image() { # push_image IMAGE ADDR [login]
  local image="$1" addr="$2" login="${3:-}" ref="$2/$1" config="" out
  docker_cli tag "$image" "$ref"
  if [[ -n "$login" ]]; then
    # A throwaway client config so the test credentials never land in ~/.docker/config.json.
    config=$(mktemp -d)
    if ! out=$(printf '%s' "$AUTH_PASSWORD" |
      DOCKER_CONFIG="$config" docker_cli login -u "$AUTH_USER" --password-stdin "$addr" 2>&1); then
      rm -rf "$config"
      die "docker login to $addr failed: $out"
    fi
  fi
  say "pushing $ref"
  if ! out=$(DOCKER_CONFIG="${config:-${DOCKER_CONFIG:-$HOME/.docker}}" docker_cli push "$ref" 2>&1); then
    [[ -n "$config" ]] && rm -rf "$config"
    die "pushing $ref failed: $out"
  fi
  [[ -n "$config" ]] && rm -rf "$config"
  docker_cli rmi "$ref" >/dev/null # untag only: the image stays as $image
}

ensure_base_image() {
  local built=false
  if image_exists "$BASE_IMAGE"; then
    say "image $BASE_IMAGE exists"
  else
    build_base_image "$BASE_IMAGE"
    built=true
  fi
  if [[ $built == true ]] || ! manifest_in "$OPEN_REGISTRY" "$BASE_IMAGE"; then
    push_image "$BASE_IMAGE" "$OPEN_REGISTRY"
  fi
  if [[ $built == true ]] || ! manifest_in "$AUTH_REGISTRY" "$BASE_IMAGE" -u "$AUTH_USER:$AUTH_PASSWORD"; then
    push_image "$BASE_IMAGE" "$AUTH_REGISTRY" login
  fi
}

# ---------------------------------------------------------------------------------------------
# commands

up() {
  mkdir -p "$STATE_DIR"
  # As root, the tools every step needs come in one apt run; each step still checks its own
  # (docker.io only when no engine answers and no dockerd is installed). openssl and iproute2
  # serve the TLS test, which makes certificates and a bridge for a second dockerd; skopeo writes
  # the OCI layouts verify reads, openssh-client the ssh-agent the session test forwards.
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    ensure_packages curl busybox-static docker-registry apache2-utils openssl iproute2 skopeo openssh-client
  fi
  ensure_engine
  start_registry registry-5000 "$OPEN_REGISTRY"
  start_registry registry-5001 "$AUTH_REGISTRY" auth
  ensure_base_image
  bk_up_default
  say "ready: engine $ENGINE_HOST, registries $OPEN_REGISTRY and $AUTH_REGISTRY, image $BASE_IMAGE"
}

started_by_us() { # started_by_us PIDFILE NAME -> " (started by engine.sh, pid N)" or ""
  if pid_alive "$1" "$2"; then printf ' (started by engine.sh, pid %s)' "$(cat "$1")"; fi
}

status() {
  local rc=0
  if command -v curl >/dev/null && engine_answers; then
    say "engine $ENGINE_HOST: up, Docker $(engine_version)$(started_by_us "$STATE_DIR/dockerd.pid" dockerd)"
    if image_exists "$BASE_IMAGE"; then say "image $BASE_IMAGE: present"; else say "image $BASE_IMAGE: missing"; rc=1; fi
  else
    say "engine $ENGINE_HOST: not answering"
    rc=1
  fi
  local name addr
  for name in registry-5000 registry-5001; do
    addr="127.0.0.1:${name#registry-}"
    if command -v curl >/dev/null && registry_answers "$addr"; then
      say "registry $addr: up$(started_by_us "$STATE_DIR/$name/registry.pid" docker-registry)"
    else
      say "registry $addr: not answering"
      rc=1
    fi
  done
  # The daemons count where `up` starts them (root); elsewhere their lines are for information.
  local bk
  for bk in $BUILDKIT_NAMES; do
    if ! bk_status "$bk" && [[ $(id -u) -eq 0 ]]; then rc=1; fi
  done
  return $rc
}

# stop PIDFILE COMM NAME: ends the process this script started, and only that one.
stop() {
  local pidfile="$1" comm="$2" name="$3" pid
  if ! pid_alive "$pidfile" "$comm"; then
    rm -f "$pidfile"
    return
  fi
  pid=$(cat "$pidfile")
  say "stopping $name (pid $pid)"
  kill -TERM "$pid"
  local deadline=$((SECONDS + TIMEOUT))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      say "$name (pid $pid) did not stop within ${TIMEOUT}s; sending KILL"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.5
  done
  rm -f "$pidfile"
}

down() {
  bk_stop buildkitd-empty
  bk_stop buildkitd
  stop "$STATE_DIR/registry-5001/registry.pid" docker-registry "registry $AUTH_REGISTRY"
  stop "$STATE_DIR/registry-5000/registry.pid" docker-registry "registry $OPEN_REGISTRY"
  stop "$STATE_DIR/dockerd.pid" dockerd dockerd
  say "stopped what engine.sh had started; anything else keeps running"
}

# shellcheck source=engine-named.sh
source "$(dirname "${BASH_SOURCE[0]}")/engine-named.sh"
# shellcheck source=engine-buildkitd.sh
source "$(dirname "${BASH_SOURCE[0]}")/engine-buildkitd.sh"

usage() {
  printf 'usage: %s up|down|status|host|cli [NAME]\n       %s env buildkitd|buildkitd-empty\n       %s exec NAME -- CMD...\n' "$0" "$0" "$0" >&2
  printf '  NAME: docker20 (default: the machine engine at $DOCKER_HOST or %s), %s, %s\n' "$DEFAULT_HOST" "${NAMED_ENGINES// /, }" "${BUILDKIT_NAMES// /, }" >&2
  exit 2
}

main() {
  local cmd="${1:-}" name="${2:-docker20}"
  case " docker20 $NAMED_ENGINES $BUILDKIT_NAMES " in
  *" $name "*) ;;
  *) printf 'engine.sh: error: unknown engine %s; one of: docker20 %s %s\n' "$name" "$NAMED_ENGINES" "$BUILDKIT_NAMES" >&2 && usage ;;
  esac
  if [[ " $BUILDKIT_NAMES " == *" $name "* ]]; then
    if [[ "$cmd" == exec ]]; then [[ $# -ge 4 && "${3:-}" == "--" ]] || usage; else [[ $# -le 2 ]] || usage; fi
    bk_main "$@"
    return
  fi
  if [[ "$cmd" == exec ]]; then
    [[ $# -ge 4 && "${3:-}" == "--" ]] || usage
    shift 3
    if [[ "$name" == docker20 ]]; then exec "$@"; fi
    named_exec "$name" "$@"
    return
  fi
  [[ $# -le 2 ]] || usage
  if [[ "$name" == docker20 ]]; then
    case "$cmd" in
    up) up ;;
    down) down ;;
    status) status ;;
    host) printf '%s\n' "$ENGINE_HOST" ;;
    cli) printf '/usr/bin/docker\n' ;;
    *) usage ;;
    esac
    return
  fi
  case "$cmd" in
  up) mkdir -p "$STATE_DIR" && (flock 8 && named_up "$name") 8>"$STATE_DIR/$name.lock" ;;
  down) named_down "$name" ;;
  status) named_status "$name" ;;
  host) named_host "$name" && echo ;;
  cli) printf '%s/bin/docker\n' "$(named_dir "$name")" ;;
  *) usage ;;
  esac
}

# Sourcing the script (for testing its pieces) defines the functions without running a command.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then main "$@"; fi
