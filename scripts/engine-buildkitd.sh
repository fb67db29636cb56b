# shellcheck shell=bash
# The standalone BuildKit daemons that scripts/engine.sh starts by name (sourced by it; not a
# command of its own):
#
#   buildkitd        BuildKit v0.32.2 (OCI worker, Debian's runc) in the host's network namespace,
#                    on unix://$STATE_DIR/buildkitd/buildkitd.sock and on tcp://127.0.0.1:12340
#                    with mutual TLS (the test CA's material in $STATE_DIR/buildkitd/tls)
#   buildkitd-empty  a second one with a root of its own that every start empties, on
#                    unix://$STATE_DIR/buildkitd-empty/buildkitd.sock only (cache-import tests)
#
# Both come from the one copy of BuildKit the project has, ../shared/tools/buildkit/ from the
# project root (DMSB_BUILDKIT_ARCHIVE overrides it), unpacked once into $STATE_DIR/buildkitd/bin
# after its sha256 is checked. RUN steps use the host's network (networkMode "host": no bridge,
# no iptables rules, the host's docker0 untouched) and so reach the registries on 127.0.0.1.
# Both daemons push to and pull from 127.0.0.1:5000 and 127.0.0.1:5001 over plain HTTP; a
# buildkitd has no image store, so `up` makes sure 127.0.0.1:5000/dmsb/busybox:latest is there.
#
# TLS material (TEST-ONLY, made with openssl, valid 30 days, remade when it nears its end):
#   tls/ca.pem, tls/ca-key.pem          the test CA
#   tls/server-cert.pem, server-key.pem buildkitd's (SANs IP:127.0.0.1, DNS:localhost, DNS:buildkitd)
#   tls/cert.pem, tls/key.pem           a client's, signed by the test CA
#   tls/other/ca.pem, cert.pem, key.pem a second CA and a client signed by it (wrong material)

readonly BUILDKIT_NAMES="buildkitd buildkitd-empty"
readonly BUILDKIT_VERSION="v0.32.2"
readonly BUILDKIT_SHA256="ebd0e45350ef7e6ac014f46994a6aa0d006ae0ee9279bcbeb9e09f61925d3ea1"
readonly BUILDKIT_TCP="${DMSB_BUILDKIT_TCP:-127.0.0.1:12340}"
readonly BUILDKIT_SERVER_NAME="buildkitd"
BK_PROJECT_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly BK_PROJECT_ROOT

bk_dir() { printf '%s/%s' "$STATE_DIR" "$1"; }
bk_bin() { printf '%s/buildkitd/bin' "$STATE_DIR"; }
bk_tls() { printf '%s/buildkitd/tls' "$STATE_DIR"; }
bk_host() { printf 'unix://%s/buildkitd.sock' "$(bk_dir "$1")"; }
bk_archive() {
  printf '%s' "${DMSB_BUILDKIT_ARCHIVE:-$BK_PROJECT_ROOT/../shared/tools/buildkit/buildkit-$BUILDKIT_VERSION-linux-amd64.tar.gz}"
}

bk_buildctl() { "$(bk_bin)/buildctl" --timeout 5 "$@"; }
bk_answers() { bk_buildctl --addr "$(bk_host "$1")" debug workers >/dev/null 2>&1; }
bk_tcp_answers() { # bk_tcp_answers [TLS-DIR]: buildctl over tcp with the client material in TLS-DIR
  local tls="${1:-$(bk_tls)}"
  bk_buildctl --addr "tcp://$BUILDKIT_TCP" --tlscacert "$tls/ca.pem" --tlscert "$tls/cert.pem" \
    --tlskey "$tls/key.pem" --tlsservername "$BUILDKIT_SERVER_NAME" debug workers >/dev/null 2>&1
}

# ---------------------------------------------------------------------------------------------
# binaries and TLS material

# Unpacks buildkitd and buildctl into $(bk_bin), once per archive (a stamp holds its sha256).
bk_unpack() {
  local bin archive sum
  bin=$(bk_bin)
  if [[ -x "$bin/buildkitd" && -x "$bin/buildctl" && "$(cat "$bin/.sha256" 2>/dev/null)" == "$BUILDKIT_SHA256" ]]; then
    return
  fi
  archive=$(bk_archive)
  [[ -f "$archive" ]] || die "BuildKit's archive is missing at $archive; every machine has it at ../shared/tools/buildkit/ from the project root (or set DMSB_BUILDKIT_ARCHIVE to its path)"
  sum=$(sha256sum "$archive" | cut -d' ' -f1)
  [[ "$sum" == "$BUILDKIT_SHA256" ]] || die "$archive has sha256 $sum, expected $BUILDKIT_SHA256 (BuildKit $BUILDKIT_VERSION); restore the shared copy"
  say "unpacking BuildKit $BUILDKIT_VERSION into $bin"
  rm -rf "$bin.new"
  mkdir -p "$bin.new"
  tar -xzf "$archive" -C "$bin.new" || die "unpacking $archive failed"
  [[ -x "$bin.new/buildkitd" && -x "$bin.new/buildctl" ]] || die "$archive holds no buildkitd and buildctl"
  printf '%s\n' "$BUILDKIT_SHA256" >"$bin.new/.sha256"
  rm -rf "$bin"
  mv "$bin.new" "$bin"
}

bk_openssl() { # bk_openssl DIR ARGS...: openssl in DIR, its output shown only when it fails
  local dir="$1" out
  shift
  out=$(cd "$dir" && openssl "$@" 2>&1) || die "openssl $* failed: $out"
}

# bk_sign DIR NAME CA-PREFIX SUBJECT EXTENSIONS: NAME-cert.pem and NAME-key.pem signed by the CA
# CA-PREFIX.pem / CA-PREFIX-key.pem, all in DIR.
bk_sign() {
  local dir="$1" name="$2" ca="$3" subject="$4" ext="$5"
  printf '%b' "$ext" >"$dir/$name.ext"
  bk_openssl "$dir" req -newkey rsa:2048 -nodes -subj "/CN=$subject" -keyout "$name-key.pem" -out "$name.csr"
  bk_openssl "$dir" x509 -req -in "$name.csr" -CA "$ca.pem" -CAkey "$ca-key.pem" -set_serial "0x$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')" \
    -days 30 -out "$name-cert.pem" -extfile "$name.ext"
  rm -f "$dir/$name.csr" "$dir/$name.ext"
}

bk_authority() { # bk_authority DIR NAME SUBJECT: NAME.pem and NAME-key.pem
  bk_openssl "$1" req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=$3" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$2-key.pem" -out "$2.pem"
}

bk_tls_valid() { # the material is complete, chains to the CA and lasts another day
  local tls="$1" f
  for f in ca.pem cert.pem key.pem server-cert.pem server-key.pem other/ca.pem other/cert.pem other/key.pem; do
    [[ -s "$tls/$f" ]] || return 1
  done
  for f in ca.pem cert.pem server-cert.pem other/ca.pem other/cert.pem; do
    openssl x509 -checkend 86400 -noout -in "$tls/$f" >/dev/null 2>&1 || return 1
  done
  openssl verify -CAfile "$tls/ca.pem" "$tls/server-cert.pem" "$tls/cert.pem" >/dev/null 2>&1
}

# Makes the TLS material unless it is there and valid; returns 0 when it made it anew.
bk_make_tls() {
  local tls new
  tls=$(bk_tls)
  if bk_tls_valid "$tls"; then return 1; fi
  command -v openssl >/dev/null || ensure_packages openssl
  say "making TEST-ONLY TLS material for buildkitd in $tls"
  new="$tls.new"
  rm -rf "$new"
  mkdir -p "$new/other"
  bk_authority "$new" ca "dmsb test buildkitd CA"
  bk_sign "$new" server ca "$BUILDKIT_SERVER_NAME" \
    "subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:$BUILDKIT_SERVER_NAME\nextendedKeyUsage=serverAuth\n"
  bk_sign "$new" client ca "dmsb-client" "extendedKeyUsage=clientAuth\n"
  mv "$new/client-cert.pem" "$new/cert.pem"
  mv "$new/client-key.pem" "$new/key.pem"
  # The wrong material: a CA buildkitd does not know, and a client it signed.
  bk_authority "$new/other" ca "dmsb other CA (not buildkitd's)"
  bk_sign "$new/other" client ca "dmsb-other-client" "extendedKeyUsage=clientAuth\n"
  mv "$new/other/client-cert.pem" "$new/other/cert.pem"
  mv "$new/other/client-key.pem" "$new/other/key.pem"
  rm -f "$new/other/ca-key.pem" # no one signs with it again
  chmod -R a+rX "$new"          # test material, read by tests whoever runs them
  rm -rf "$tls"
  mv "$new" "$tls"
  return 0
}

# ---------------------------------------------------------------------------------------------
# the daemons

bk_config() { # bk_config NAME: buildkitd.toml on stdout
  local name="$1" dir tls
  dir=$(bk_dir "$name")
  tls=$(bk_tls)
  printf 'root = "%s"\n\n[grpc]\n' "$dir/root"
  if [[ "$name" == buildkitd ]]; then
    printf '  address = ["unix://%s", "tcp://%s"]\n' "$dir/buildkitd.sock" "$BUILDKIT_TCP"
    printf '  [grpc.tls]\n    cert = "%s"\n    key = "%s"\n    ca = "%s"\n' \
      "$tls/server-cert.pem" "$tls/server-key.pem" "$tls/ca.pem"
  else
    printf '  address = ["unix://%s"]\n' "$dir/buildkitd.sock"
  fi
  cat <<EOF

[worker.oci]
  enabled = true
  binary = "$(command -v runc || printf /usr/sbin/runc)"
  networkMode = "host"
  gc = true
  # Build contexts (source.local) stay up to 2 GB: a rebuild of a 1 GiB context must find the
  # last one (the default keeps 512 MB of them). All in all 4 GB: the disk is shared, and
  # scripts/bench-farm.sh measures its 1 GiB builds on a daemon of its own.
  [[worker.oci.gcpolicy]]
    filters = ["type==source.local", "type==exec.cachemount", "type==source.git.checkout"]
    keepDuration = "48h"
    maxUsedSpace = "2GB"
  [[worker.oci.gcpolicy]]
    all = true
    maxUsedSpace = "4GB"

[worker.containerd]
  enabled = false

[registry."$OPEN_REGISTRY"]
  http = true
  insecure = true

[registry."$AUTH_REGISTRY"]
  http = true
  insecure = true
EOF
}

# Unmounts what is mounted under DIR (deepest first); fails when something stays.
bk_unmount_under() {
  local dir="$1"
  findmnt -rn -o TARGET | grep "^$dir/" | sort -r | xargs -r umount 2>/dev/null || true
  ! findmnt -rn -o TARGET | grep -q "^$dir/"
}

# Step containers a killed buildkitd left running: runc keeps them in its default state dir
# (/run/runc, shared with other tools), so only those whose bundle lies under DIR are removed.
bk_remove_containers() {
  local dir="$1" id
  command -v runc >/dev/null || return 0
  for id in $(runc list 2>/dev/null | awk -v d="$dir/" 'NR > 1 && index($4, d) == 1 { print $1 }'); do
    runc delete --force "$id" >/dev/null 2>&1 || say "warning: could not remove step container $id of $dir (runc delete --force $id)"
  done
}

bk_start() { # bk_start NAME
  local name="$1" dir log pid deadline
  dir=$(bk_dir "$name")
  log="$dir/buildkitd.log"
  if pid_alive "$dir/buildkitd.pid" buildkitd; then
    if [[ "$(bk_config "$name")" == "$(cat "$dir/buildkitd.toml" 2>/dev/null)" ]]; then
      wait_for "$name at $(bk_host "$name")" "$log" bk_answers "$name"
      return
    fi
    say "$name runs with an older configuration; restarting it"
    bk_stop "$name"
  fi
  if bk_answers "$name"; then
    say "$name at $(bk_host "$name") answers (not started by engine.sh)"
    return
  fi
  mkdir -p "$dir"
  bk_remove_containers "$dir"
  bk_unmount_under "$dir" || die "$dir still has mounts from an earlier buildkitd; unmount them (findmnt | grep $dir)"
  if [[ "$name" == buildkitd-empty ]]; then rm -rf "$dir/root"; fi
  rm -f "$dir/buildkitd.sock"
  bk_config "$name" >"$dir/buildkitd.toml"
  say "starting $name (log: $log)"
  # setsid: the daemon outlives this script (its runc is Debian's, named in the configuration).
  setsid nohup "$(bk_bin)/buildkitd" --config "$dir/buildkitd.toml" >"$log" 2>&1 </dev/null 8>&- 9>&- &
  pid=$!
  echo "$pid" >"$dir/buildkitd.pid"
  deadline=$((SECONDS + TIMEOUT))
  until bk_answers "$name"; do
    if ! kill -0 "$pid" 2>/dev/null || ((SECONDS >= deadline)); then
      printf 'engine.sh: error: %s did not answer at %s; last lines of %s:\n' "$name" "$(bk_host "$name")" "$log" >&2
      tail -n 30 "$log" >&2 2>/dev/null || true
      kill -TERM "$pid" 2>/dev/null || true
      rm -f "$dir/buildkitd.pid"
      exit 1
    fi
    sleep 0.2
  done
}

# A buildkitd has no image store: the base image must be in the registries. The engine's copy
# is pushed when an engine answers; without one, the daemon NAME builds the same image from
# /bin/busybox.
bk_ensure_base_image() { # bk_ensure_base_image NAME
  local name="$1"
  if manifest_in "$OPEN_REGISTRY" "$BASE_IMAGE" && manifest_in "$AUTH_REGISTRY" "$BASE_IMAGE" -u "$AUTH_USER:$AUTH_PASSWORD"; then
    return
  fi
  if engine_answers; then
    ensure_base_image
    return
  fi
  ensure_packages busybox-static
  local ctx config addr out
  ctx=$(mktemp -d)
  config=$(mktemp -d)
  cp /bin/busybox "$ctx/busybox"
  printf 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox","--install","-s","/bin"]\n' >"$ctx/Dockerfile"
  printf '{"auths":{"%s":{"auth":"%s"}}}\n' "$AUTH_REGISTRY" "$(printf '%s:%s' "$AUTH_USER" "$AUTH_PASSWORD" | base64 -w0)" >"$config/config.json"
  for addr in "$OPEN_REGISTRY" "$AUTH_REGISTRY"; do
    say "building $addr/$BASE_IMAGE on $name (no engine answers)"
    out=$(DOCKER_CONFIG="$config" bk_buildctl --addr "$(bk_host "$name")" build --frontend dockerfile.v0 \
      --local context="$ctx" --local dockerfile="$ctx" \
      --output "type=image,name=$addr/$BASE_IMAGE,push=true,oci-mediatypes=false" 2>&1) || {
      rm -rf "$ctx" "$config"
      die "building $addr/$BASE_IMAGE on buildkitd failed: $out"
    }
  done
  rm -rf "$ctx" "$config"
}

bk_up() { # bk_up NAME
  local name="$1"
  [[ $(id -u) -eq 0 ]] || die "starting $name needs root (the OCI worker runs steps with runc); run: sudo $0 up $name"
  ensure_packages curl openssl runc docker-registry apache2-utils
  mkdir -p "$(bk_dir buildkitd)"
  bk_unpack
  # Only the tcp listener serves TLS; buildkitd reads the material when it starts.
  if [[ "$name" == buildkitd ]] && bk_make_tls && pid_alive "$(bk_dir buildkitd)/buildkitd.pid" buildkitd; then
    say "the TLS material was made anew; restarting buildkitd to serve it"
    bk_stop buildkitd
  fi
  registry_answers "$OPEN_REGISTRY" || start_registry registry-5000 "$OPEN_REGISTRY"
  registry_answers "$AUTH_REGISTRY" || start_registry registry-5001 "$AUTH_REGISTRY" auth
  bk_start "$name"
  if [[ "$name" == buildkitd ]]; then
    wait_for "buildkitd at tcp://$BUILDKIT_TCP (mutual TLS)" "$(bk_dir buildkitd)/buildkitd.log" bk_tcp_answers
  fi
  bk_ensure_base_image "$name"
  say "ready: $name (BuildKit $BUILDKIT_VERSION) at $(bk_host "$name")$([[ "$name" == buildkitd ]] && printf ' and tcp://%s (TLS material: %s)' "$BUILDKIT_TCP" "$(bk_tls)"), registries $OPEN_REGISTRY and $AUTH_REGISTRY, image $OPEN_REGISTRY/$BASE_IMAGE"
  [[ "$name" == buildkitd ]] && say "use: $0 env buildkitd (the tests' variables); buildctl $(bk_bin)/buildctl"
  return 0
}

bk_stop() { # bk_stop NAME: the daemon, step containers it left, mounts and its socket
  local name="$1" dir
  dir=$(bk_dir "$name")
  # buildkitd ends on SIGTERM only when its builds have: a short wait, then SIGKILL, and the step
  # containers it leaves are removed below.
  if pid_alive "$dir/buildkitd.pid" buildkitd; then
    local pid deadline
    pid=$(cat "$dir/buildkitd.pid")
    say "stopping $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    deadline=$((SECONDS + 10))
    while kill -0 "$pid" 2>/dev/null; do
      if ((SECONDS >= deadline)); then
        say "$name (pid $pid) is still finishing builds after 10 s; sending KILL"
        kill -KILL "$pid" 2>/dev/null || true
        while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
        break
      fi
      sleep 0.2
    done
  fi
  rm -f "$dir/buildkitd.pid"
  [[ -d "$dir" ]] || return 0
  if ! bk_answers "$name"; then
    bk_remove_containers "$dir"
    bk_unmount_under "$dir" || say "warning: mounts stay under $dir: $(findmnt -rn -o TARGET | grep "^$dir/" | tr '\n' ' ')"
    rm -f "$dir/buildkitd.sock"
  fi
}

bk_status() { # bk_status NAME
  local name="$1" dir rc=0
  dir=$(bk_dir "$name")
  if [[ -x "$(bk_bin)/buildctl" ]] && bk_answers "$name"; then
    say "$name $(bk_host "$name"): up, BuildKit $BUILDKIT_VERSION$(started_by_us "$dir/buildkitd.pid" buildkitd)"
  else
    say "$name $(bk_host "$name"): not answering"
    rc=1
  fi
  if [[ "$name" == buildkitd ]]; then
    if [[ -x "$(bk_bin)/buildctl" ]] && bk_tcp_answers; then
      say "$name tcp://$BUILDKIT_TCP: up, mutual TLS (material in $(bk_tls))"
    else
      say "$name tcp://$BUILDKIT_TCP: not answering with the material in $(bk_tls)"
      rc=1
    fi
  fi
  return $rc
}

bk_env() { # the variables the integration tests read
  printf 'export DMSB_IT_BUILDKIT_HOST=%q\n' "$(bk_host buildkitd)"
  printf 'export DMSB_IT_BUILDKIT_TCP_HOST=%q\n' "tcp://$BUILDKIT_TCP"
  printf 'export DMSB_IT_BUILDKIT_TLS=%q\n' "$(bk_tls)"
  printf 'export DMSB_IT_BUILDKIT_EMPTY_HOST=%q\n' "$(bk_host buildkitd-empty)"
  printf 'export DMSB_IT_BUILDCTL=%q\n' "$(bk_bin)/buildctl"
}

# As `up` (no name) runs them: both daemons where they can run (root, the archive present);
# otherwise a note, and the tests tagged buildkitd skip (fail on CI).
bk_up_default() {
  local why=""
  if [[ $(id -u) -ne 0 ]]; then
    why="it needs root"
  elif [[ ! -f "$(bk_archive)" && ! -x "$(bk_bin)/buildkitd" ]]; then
    why="BuildKit's archive is missing at $(bk_archive)"
  fi
  if [[ -n "$why" ]]; then
    say "not starting buildkitd: $why; the integration tests tagged buildkitd will skip (and fail with CI=true)"
    return
  fi
  local name
  for name in $BUILDKIT_NAMES; do
    (flock 8 && bk_up "$name") 8>"$STATE_DIR/$name.lock"
  done
}

bk_main() { # bk_main CMD NAME [-- CMD...]
  local cmd="$1" name="$2"
  case "$cmd" in
  up) mkdir -p "$STATE_DIR" && (flock 8 && bk_up "$name") 8>"$STATE_DIR/$name.lock" ;;
  down)
    bk_stop "$name"
    if [[ "$name" == buildkitd ]]; then
      say "stopped $name (its cache stays in $(bk_dir "$name")/root)"
    else
      say "stopped $name (its root is emptied when it starts again)"
    fi
    ;;
  status) bk_status "$name" ;;
  host) bk_host "$name" && echo ;;
  env) bk_env ;;
  cli) printf '%s/buildctl\n' "$(bk_bin)" ;;
  exec)
    shift 3
    eval "$(bk_env)"
    BUILDKIT_HOST=$(bk_host "$name") PATH="$(bk_bin):$PATH" exec "$@"
    ;;
  *) usage ;;
  esac
}
