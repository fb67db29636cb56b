# shellcheck shell=bash
# The engines that scripts/engine.sh starts by name beside the machine's own (sourced by it; not
# a command of its own):
#
#   docker28             Debian forky's dockerd 28.5.2 + containerd 2.1.9, graphdriver image store
#   docker28-containerd  the same with the containerd image store (--feature containerd-snapshotter=true)
#   podman               Debian 12's podman 4.3.1, `podman system service` (Docker-compatible API)
#
# Each runs in its own network namespace (/run/netns/dmsb-NAME, loopback only) with its own data
# root, exec root, socket and pid files under $STATE_DIR/NAME, and two registries inside that
# namespace on 127.0.0.1:5000 (no auth) and 127.0.0.1:5001 (htpasswd dmsb/dmsb-secret), like the
# default engine's. The host's docker0, network and engine are never touched. forky's packages are
# fetched with apt-get download into $STATE_DIR/forky (a private apt state: the system's stays as
# it is) and kept there, so a second `up` is fast. Debian 12's runc comes first on the PATH
# (forky's needs glibc 2.38).
#
# What runs inside the namespace sees the engine's registries at 127.0.0.1:500x and the ports its
# containers publish on localhost: `engine.sh exec NAME -- CMD` runs CMD there with DOCKER_HOST
# set and the engine's docker CLI (the tests' oracle) first on the PATH.

readonly NAMED_ENGINES="docker28 docker28-containerd podman"
readonly FORKY_PACKAGES="docker.io containerd docker-cli docker-buildx"

named_dir() { printf '%s/%s' "$STATE_DIR" "$1"; }
# The namespace (and cgroup parent) name: dmsb-NAME for the default state dir; another state dir
# (a test of this script) gets its own, so it never meets the engine that already runs.
named_netns() {
  if [[ "$STATE_DIR" == /tmp/dmsb-engine ]]; then
    printf 'dmsb-%s' "$1"
  else
    printf 'dmsb-%s-%s' "$1" "$(printf '%s' "$STATE_DIR" | cksum | cut -d' ' -f1)"
  fi
}
named_socket() {
  if [[ "$1" == podman ]]; then printf '%s/podman.sock' "$(named_dir "$1")"; else printf '%s/docker.sock' "$(named_dir "$1")"; fi
}
named_host() { printf 'unix://%s' "$(named_socket "$1")"; }

# in_ns NAME CMD...: runs CMD in the engine's network namespace (only the network: mounts, pids
# and cgroups stay the host's, so dockerd sees /sys/fs/cgroup as usual).
in_ns() {
  local name="$1"
  shift
  nsenter --net="/run/netns/$(named_netns "$name")" "$@"
}

named_curl() { # named_curl NAME PATH [curl args...]
  local name="$1" path="$2"
  shift 2
  curl -sS -m 5 --unix-socket "$(named_socket "$name")" "$@" "http://localhost$path"
}
named_answers() { [[ "$(named_curl "$1" /_ping 2>/dev/null)" == "OK" ]]; }
named_version() {
  named_curl "$1" /version 2>/dev/null | tr -d '\n' | sed -n 's/.*"Version":"\([^"]*\)","ApiVersion".*/\1/p' | head -1
}

# ---------------------------------------------------------------------------------------------
# forky's packages

# The mirror the machine's own Debian lists use (forky is served by the same one).
debian_mirror() {
  local uri
  uri=$(sed -n 's/^URIs:[[:space:]]*\(\S*\).*/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null |
    grep -v -- '-security' | head -1)
  printf '%s' "${uri:-http://deb.debian.org/debian}"
}

# forky_root: the unpacked forky packages (dockerd, containerd, docker CLI, buildx) in
# $STATE_DIR/forky/root; downloads them once (a lock keeps two `up`s from doing it twice).
forky_root() {
  local dir="$STATE_DIR/forky"
  mkdir -p "$dir"
  (
    flock 9
    [[ -x "$dir/root/usr/sbin/dockerd" && -x "$dir/root/usr/bin/containerd" ]] && exit 0
    mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial" "$dir/debs"
    printf 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s forky main\n' \
      "$(debian_mirror)" >"$dir/sources.list"
    local opts=(-o "Dir::Etc::SourceList=$dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
      -o "Dir::State::Lists=$dir/lists" -o "Dir::Cache=$dir/cache" -o APT::Sandbox::User=root)
    if ! ls "$dir"/debs/*.deb >/dev/null 2>&1; then
      say >&2 "downloading forky's $FORKY_PACKAGES into $dir/debs"
      apt-get "${opts[@]}" update -qq >"$dir/apt.log" 2>&1 || die "apt-get update for forky failed (see $dir/apt.log)"
      # shellcheck disable=SC2086 # the list is meant to split
      (cd "$dir/debs" && apt-get "${opts[@]}" download $FORKY_PACKAGES >>"$dir/apt.log" 2>&1) ||
        die "apt-get download $FORKY_PACKAGES failed (see $dir/apt.log)"
    fi
    rm -rf "$dir/root.new"
    mkdir -p "$dir/root.new"
    local deb
    for deb in "$dir"/debs/*.deb; do dpkg-deb -x "$deb" "$dir/root.new"; done
    rm -rf "$dir/root"
    mv "$dir/root.new" "$dir/root"
  ) 9>"$dir/lock"
  [[ -x "$dir/root/usr/sbin/dockerd" ]] || die "forky's dockerd is missing from $dir/root"
  printf '%s/root' "$dir"
}

# The docker CLI of engine NAME (the tests' oracle): a wrapper in NAME/bin that names the engine
# and, for docker28*, finds forky's buildx plugin. For podman, Debian's 20.10 CLI with the legacy
# build path (podman has no BuildKit session; its builds run on Buildah either way).
write_cli() {
  local name="$1" dir bin
  dir=$(named_dir "$name")
  bin="$dir/bin"
  mkdir -p "$bin"
  if [[ "$name" == podman ]]; then
    printf '#!/bin/sh\nexport DOCKER_HOST=%s DOCKER_BUILDKIT=0\nexec /usr/bin/docker "$@"\n' \
      "$(named_host "$name")" >"$bin/docker"
  else
    local root="$2"
    mkdir -p "$dir/cli-config/cli-plugins"
    ln -sfn "$root/usr/libexec/docker/cli-plugins/docker-buildx" "$dir/cli-config/cli-plugins/docker-buildx"
    # A DOCKER_CONFIG the caller sets (credentials) gets the plugin through cliPluginsExtraDirs.
    cat >"$bin/docker" <<EOF
#!/bin/sh
export DOCKER_HOST=$(named_host "$name")
export DOCKER_CONFIG="\${DOCKER_CONFIG:-$dir/cli-config}"
if [ ! -e "\$DOCKER_CONFIG/cli-plugins/docker-buildx" ] && [ -d "\$DOCKER_CONFIG" ] && [ -w "\$DOCKER_CONFIG" ]; then
  mkdir -p "\$DOCKER_CONFIG/cli-plugins" && ln -sfn "$root/usr/libexec/docker/cli-plugins/docker-buildx" "\$DOCKER_CONFIG/cli-plugins/docker-buildx"
fi
exec "$root/usr/bin/docker" "\$@"
EOF
  fi
  chmod +x "$bin/docker"
  [[ -e "$bin/runc" ]] || ln -sfn /usr/sbin/runc "$bin/runc"
}

# ---------------------------------------------------------------------------------------------
# the namespace and the daemons

ensure_netns() {
  local ns
  ns=$(named_netns "$1")
  [[ -e "/run/netns/$ns" ]] || ip netns add "$ns" || die "could not create network namespace $ns (needs root and iproute2)"
  in_ns "$1" ip link set lo up
}

# start_in_ns NAME WHAT PIDFILE COMM LOG CMD...: starts CMD detached in the namespace unless the
# pid file names a live COMM.
start_in_ns() {
  local name="$1" what="$2" pidfile="$3" comm="$4" log="$5"
  shift 5
  if pid_alive "$pidfile" "$comm"; then return; fi
  say "starting $what (log: $log)"
  # setsid and nsenter exec in turn, so $! is the daemon itself.
  setsid nohup nsenter --net="/run/netns/$(named_netns "$name")" "$@" >"$log" 2>&1 </dev/null 8>&- 9>&- &
  echo $! >"$pidfile"
}

start_docker28() {
  local name="$1" root dir
  root=$(forky_root)
  dir=$(named_dir "$name")
  mkdir -p "$dir"
  write_cli "$name" "$root"
  local path="$dir/bin:$root/usr/bin:$root/usr/sbin:$PATH"
  if ! pid_alive "$dir/containerd.pid" containerd; then
    rm -f "$dir/containerd.sock"
    cat >"$dir/containerd.toml" <<EOF
version = 3
root = "$dir/containerd/root"
state = "$dir/containerd/state"
[grpc]
  address = "$dir/containerd.sock"
[ttrpc]
  address = "$dir/containerd.sock.ttrpc"
[debug]
  address = "$dir/containerd-debug.sock"
EOF
  fi
  start_in_ns "$name" "containerd for $name" "$dir/containerd.pid" containerd "$dir/containerd.log" \
    env PATH="$path" "$root/usr/bin/containerd" --config "$dir/containerd.toml"
  wait_for "containerd of $name" "$dir/containerd.log" test -S "$dir/containerd.sock"
  local features=()
  [[ "$name" == docker28-containerd ]] && features=(--feature containerd-snapshotter=true)
  pid_alive "$dir/dockerd.pid" dockerd || rm -f "$dir/docker.sock"
  start_in_ns "$name" "dockerd for $name" "$dir/dockerd.pid" dockerd "$dir/dockerd.log" \
    env PATH="$path" "$root/usr/sbin/dockerd" --containerd="$dir/containerd.sock" \
    --data-root="$dir/data" --exec-root="$dir/exec" -H "unix://$dir/docker.sock" \
    --pidfile="$dir/dockerd.pidfile" --cgroup-parent="/$(named_netns "$name")" "${features[@]}"
  wait_for "dockerd of $name at $(named_host "$name")" "$dir/dockerd.log" named_answers "$name"
}

start_podman() {
  local name=podman dir
  dir=$(named_dir "$name")
  ensure_packages podman
  mkdir -p "$dir/etc" "$dir/tmp"
  write_cli "$name"
  # The registries inside the namespace speak plain HTTP. A private registries.conf (podman's
  # CONTAINERS_REGISTRIES_CONF) keeps the system's /etc/containers as it is.
  cat >"$dir/etc/registries.conf" <<'EOF'
unqualified-search-registries = ["docker.io"]
short-name-mode = "permissive"
[[registry]]
location = "127.0.0.1:5000"
insecure = true
[[registry]]
location = "127.0.0.1:5001"
insecure = true
EOF
  # Podman gives every container nofile=1048576 (as root), and nproc=1048576 once any ulimit is
  # configured; where this process may not raise its own hard limits that far (a sandbox: `ulimit
  # -Hn` below it), runc starts no container ("error setting rlimit type 7: operation not
  # permitted"). Its containers get this hard nofile limit, and the nproc the service itself runs
  # with here (32768, or less).
  local nofile nproc
  nofile=$(ulimit -Hn) nproc=$(ulimit -Hu)
  [[ "$nofile" == unlimited ]] && nofile=1048576
  [[ "$nproc" == unlimited || "$nproc" -gt 32768 ]] && nproc=32768
  printf '[containers]\ndefault_ulimits = ["nofile=%s:%s", "nproc=%s:%s"]\n' \
    "$nofile" "$nofile" "$nproc" "$nproc" >"$dir/etc/containers.conf"
  pid_alive "$dir/podman.pid" podman || rm -f "$dir/podman.sock"
  start_in_ns "$name" "podman system service" "$dir/podman.pid" podman "$dir/podman.log" \
    env CONTAINERS_REGISTRIES_CONF="$dir/etc/registries.conf" CONTAINERS_CONF="$dir/etc/containers.conf" \
    TMPDIR="$dir/tmp" PATH="$dir/bin:$PATH" \
    podman --root "$dir/root" --runroot "$dir/runroot" --tmpdir "$dir/libpod" \
    --cgroup-manager cgroupfs --events-backend file --network-config-dir "$dir/networks" \
    system service --time=0 "unix://$dir/podman.sock"
  wait_for "podman of $name at $(named_host "$name")" "$dir/podman.log" named_answers "$name"
}

# ---------------------------------------------------------------------------------------------
# registries and the base image inside the namespace

ns_registry_answers() { # ns_registry_answers NAME ADDR
  local code
  code=$(in_ns "$1" curl -s -o /dev/null -m 3 -w '%{http_code}' "http://$2/v2/" 2>/dev/null) || true
  [[ "$code" == 200 || "$code" == 401 ]]
}

start_ns_registry() { # start_ns_registry NAME ADDR [auth]
  local name="$1" addr="$2" auth="${3:-}" dir
  dir="$(named_dir "$name")/registry-${addr##*:}"
  if ns_registry_answers "$name" "$addr"; then return; fi
  ensure_packages docker-registry apache2-utils
  mkdir -p "$dir/data"
  registry_config "$dir" "$addr" "$auth" >"$dir/config.yml"
  start_in_ns "$name" "registry $addr of $name" "$dir/registry.pid" docker-registry "$dir/registry.log" \
    /usr/bin/docker-registry serve "$dir/config.yml"
  wait_for "registry $addr of $name" "$dir/registry.log" ns_registry_answers "$name" "$addr"
}

named_image_exists() { [[ "$(named_curl "$1" "/images/$2/json" -o /dev/null -w '%{http_code}' 2>/dev/null)" == 200 ]]; }

# The base image: the host engine's copy (docker save | load keeps its layers and config), else
# built from /bin/busybox with the engine's own CLI; then pushed to both registries.
ensure_named_base_image() {
  local name="$1" cli dir
  dir=$(named_dir "$name")
  cli="$dir/bin/docker"
  if ! named_image_exists "$name" "$BASE_IMAGE"; then
    if engine_answers && image_exists "$BASE_IMAGE"; then
      say "loading $BASE_IMAGE from $ENGINE_HOST into $name"
      engine_curl "/images/$BASE_IMAGE/get" | named_curl "$name" /images/load -X POST \
        -H 'Content-Type: application/x-tar' --data-binary @- -m 120 >/dev/null ||
        die "loading $BASE_IMAGE into $name failed"
    else
      local tmp
      tmp=$(mktemp -d)
      cp /bin/busybox "$tmp/busybox"
      printf 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox","--install","-s","/bin"]\n' >"$tmp/Dockerfile"
      say "building $BASE_IMAGE on $name from /bin/busybox"
      "$cli" build -q -t "$BASE_IMAGE" "$tmp" >/dev/null || {
        rm -rf "$tmp"
        die "building $BASE_IMAGE on $name failed"
      }
      rm -rf "$tmp"
    fi
    # podman names a loaded docker-archive docker.io/dmsb/busybox:latest; the short name finds it.
    named_image_exists "$name" "$BASE_IMAGE" || die "$BASE_IMAGE did not arrive in $name"
  fi
  local addr config
  for addr in "$OPEN_REGISTRY" "$AUTH_REGISTRY"; do
    if in_ns "$name" curl -s -o /dev/null -m 5 -w '%{http_code}' -u "$AUTH_USER:$AUTH_PASSWORD" \
      -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
      -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
      "http://$addr/v2/dmsb/busybox/manifests/latest" 2>/dev/null | grep -q 200; then
      continue
    fi
    # A throwaway client config holding the test credentials (podman's /auth would not take
    # plain HTTP, so no `docker login`); ~/.docker/config.json stays as it is.
    config=$(mktemp -d)
    printf '{"auths":{"%s":{"auth":"%s"}}}\n' "$AUTH_REGISTRY" \
      "$(printf '%s:%s' "$AUTH_USER" "$AUTH_PASSWORD" | base64 -w0)" >"$config/config.json"
    say "pushing $addr/$BASE_IMAGE from $name"
    local out rc=0
    "$cli" tag "$BASE_IMAGE" "$addr/$BASE_IMAGE" || rc=$?
    if ((rc == 0)); then
      out=$(DOCKER_CONFIG="$config" "$cli" push "$addr/$BASE_IMAGE" 2>&1) || rc=$?
    fi
    "$cli" rmi "$addr/$BASE_IMAGE" >/dev/null 2>&1 || true
    rm -rf "$config"
    ((rc == 0)) || die "pushing $addr/$BASE_IMAGE from $name failed: ${out:-}"
  done
}

# ---------------------------------------------------------------------------------------------
# commands for a named engine

named_up() {
  local name="$1"
  [[ $(id -u) -eq 0 ]] || die "starting $name needs root (network namespace, daemons); run: sudo $0 up $name"
  ensure_packages curl iproute2 util-linux busybox-static docker-registry apache2-utils
  mkdir -p "$(named_dir "$name")"
  ensure_netns "$name"
  if [[ "$name" == podman ]]; then start_podman; else start_docker28 "$name"; fi
  start_ns_registry "$name" "$OPEN_REGISTRY"
  start_ns_registry "$name" "$AUTH_REGISTRY" auth
  ensure_named_base_image "$name"
  say "ready: $name ($(named_version "$name")) at $(named_host "$name"), registries $OPEN_REGISTRY and $AUTH_REGISTRY inside network namespace $(named_netns "$name"), image $BASE_IMAGE"
  say "use: DOCKER_HOST=$(named_host "$name"); docker CLI $(named_dir "$name")/bin/docker; run inside: $0 exec $name -- CMD"
}

named_status() {
  local name="$1" dir rc=0
  dir=$(named_dir "$name")
  if named_answers "$name"; then
    say "$name $(named_host "$name"): up, $(named_version "$name")$(started_by_us "$dir/dockerd.pid" dockerd)$(started_by_us "$dir/podman.pid" podman)"
    if named_image_exists "$name" "$BASE_IMAGE"; then say "$name image $BASE_IMAGE: present"; else say "$name image $BASE_IMAGE: missing"; rc=1; fi
  else
    say "$name $(named_host "$name"): not answering"
    rc=1
  fi
  local addr
  for addr in "$OPEN_REGISTRY" "$AUTH_REGISTRY"; do
    if [[ -e "/run/netns/$(named_netns "$name")" ]] && ns_registry_answers "$name" "$addr"; then
      say "$name registry $addr: up$(started_by_us "$dir/registry-${addr##*:}/registry.pid" docker-registry)"
    else
      say "$name registry $addr: not answering"
      rc=1
    fi
  done
  return $rc
}

named_down() {
  local name="$1" dir
  dir=$(named_dir "$name")
  stop "$dir/registry-5001/registry.pid" docker-registry "registry $AUTH_REGISTRY of $name"
  stop "$dir/registry-5000/registry.pid" docker-registry "registry $OPEN_REGISTRY of $name"
  stop "$dir/podman.pid" podman "podman of $name"
  stop "$dir/dockerd.pid" dockerd "dockerd of $name"
  stop "$dir/containerd.pid" containerd "containerd of $name"
  local ns
  ns=$(named_netns "$name")
  if [[ -e "/run/netns/$ns" ]]; then ip netns del "$ns" || true; fi
  say "stopped $name (its data stays in $dir; the downloaded packages in $STATE_DIR/forky)"
}

named_exec() { # named_exec NAME CMD...
  local name="$1"
  shift
  [[ -e "/run/netns/$(named_netns "$name")" ]] || die "$name is not up; run: $0 up $name"
  DOCKER_HOST=$(named_host "$name") PATH="$(named_dir "$name")/bin:$PATH" in_ns "$name" "$@"
}
