#!/usr/bin/env bash
# Records what BuildKit's own build checks say about each Dockerfile of the agreement corpus
# (core/src/test/resources/buildkit-checks/<case>/), as the golden files <case>/expected (a
# standalone buildkitd) and <case>/expected-engine (a Docker engine's BuildKit) that
# BuildKitChecksAgreementTest compares dmsb lint with: one "LINE RULE" a finding, sorted.
#
# The oracle is `docker buildx build --call check,format=json` (what `docker build --check` runs)
# of Docker's CLI 28.5 with the buildx 0.29.1 plugin, against
#   remote  (default) a standalone buildkitd v0.32.2 (exactly v0.32's rule set), started here from
#           ../shared/tools/buildkit/ (or BUILDKIT_TARBALL) and stopped again;
#   engine  a Docker engine's own BuildKit: ORACLE_ENGINE=unix:///path/docker.sock (e.g. forky's
#           dockerd 28.5.2 run in its own network namespace, with dmsb/busybox:latest loaded and
#           tagged 127.0.0.1:5000/dmsb/busybox:latest, since the registry is not reachable there).
# Base images come from the registry on 127.0.0.1:5000 (dmsb/busybox, pushed by scripts/engine.sh,
# and the corpus's own dmsb-checks/* images, which this script builds and pushes there first).
#
# Usage: scripts/record-buildkit-checks.sh [case...]
#   ORACLE_CLI=/path/to/docker   docker CLI 28.5 (with docker-buildx in DOCKER_CONFIG/cli-plugins)
#   ORACLE_ENGINE=unix://...     record against this engine instead of a standalone buildkitd
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
corpus=$root/core/src/test/resources/buildkit-checks
work=$(mktemp -d /tmp/dmsb-bkchecks.XXXXXX)
started_pid=
cleanup() {
  if [ -n "$started_pid" ]; then kill "$started_pid" 2>/dev/null || true; wait "$started_pid" 2>/dev/null || true; fi
  if [ -n "${builder:-}" ] && [ "$builder" != default ]; then "$cli" buildx rm "$builder" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

cli=${ORACLE_CLI:?set ORACLE_CLI to a docker 28.5 CLI (forky docker-cli .deb, unpacked)}
export DOCKER_CONFIG=${DOCKER_CONFIG:-$(dirname "$cli")/../docker-config}
[ -x "$DOCKER_CONFIG/cli-plugins/docker-buildx" ] || { echo "no docker-buildx in $DOCKER_CONFIG/cli-plugins" >&2; exit 2; }

builder=dmsb-bkchecks-$$
out_name=expected
if [ -n "${ORACLE_ENGINE:-}" ]; then
  # the engine's own BuildKit: buildx's default (docker driver) builder of that engine; it must
  # hold 127.0.0.1:5000/dmsb/busybox:latest itself when it runs where the registry is unreachable
  export DOCKER_HOST=$ORACLE_ENGINE
  builder=default
  out_name=expected-engine
  oracle="dockerd $("$cli" version -f '{{.Server.Version}}') (BuildKit $("$cli" buildx inspect default | awk '/BuildKit version/ {print $3}')) via docker buildx $("$cli" buildx version | awk '{print $2}')"
else
  tgz=${BUILDKIT_TARBALL:-}
  for t in ../shared ../../shared /work/shared; do
    [ -z "$tgz" ] && [ -f "$t/tools/buildkit/buildkit-v0.32.2-linux-amd64.tar.gz" ] &&
      tgz=$t/tools/buildkit/buildkit-v0.32.2-linux-amd64.tar.gz
  done
  [ -n "$tgz" ] || { echo "no buildkit-v0.32.2 tarball: set BUILDKIT_TARBALL" >&2; exit 2; }
  tar -xzf "$tgz" -C "$work"
  cat > "$work/buildkitd.toml" <<'TOML'
[worker.oci]
  enabled = true
[worker.containerd]
  enabled = false
[registry."127.0.0.1:5000"]
  http = true
  insecure = true
TOML
  "$work/buildkitd" --config "$work/buildkitd.toml" --root "$work/root" \
    --addr "unix://$work/buildkitd.sock" >"$work/buildkitd.log" 2>&1 &
  started_pid=$!
  for _ in $(seq 100); do [ -S "$work/buildkitd.sock" ] && break; sleep 0.1; done
  "$cli" buildx create --name "$builder" --driver remote "unix://$work/buildkitd.sock" >/dev/null
  oracle="buildkitd $("$work/buildkitd" --version | awk '{print $3}') via docker buildx $("$cli" buildx version | awk '{print $2}')"
fi

# The corpus's own base images (core/src/test/resources/buildkit-checks-images/<name>/), built for
# the platform each names and pushed where the oracle resolves them: 127.0.0.1:5000/dmsb-checks/.
images=$root/core/src/test/resources/buildkit-checks-images
for d in "$images"/*/; do
  n=$(basename "$d")
  "$cli" buildx build --builder "$builder" --platform "$(cat "$d/platform")" \
    --tag "127.0.0.1:5000/dmsb-checks/$n:1" --push --provenance=false --sbom=false "$d" \
    >"$work/image-$n.log" 2>&1 || { cat "$work/image-$n.log" >&2; exit 1; }
done

cases=("$@")
if [ ${#cases[@]} -eq 0 ]; then
  mapfile -t cases < <(cd "$corpus" && ls -d */ | tr -d /)
fi
for c in "${cases[@]}"; do
  dir=$corpus/$c
  ctx=$work/ctx-$c
  mkdir -p "$ctx"
  cp -r "$dir"/. "$ctx"/
  rm -f "$ctx"/expected* "$ctx/options"
  opts=()
  if [ -f "$dir/options" ]; then mapfile -t opts < <(grep -v '^#' "$dir/options" | grep -v '^$'); fi
  "$cli" buildx build --builder "$builder" --call check,format=json "${opts[@]}" "$ctx" \
    2>"$work/err-$c" >"$work/out-$c" || true
  python3 - "$work/out-$c" "$dir/$out_name" "$oracle" "${opts[*]:-}" <<'PY'
import json, sys
out, expected, oracle, opts = sys.argv[1:5]
d = json.load(open(out))
lines = []
for w in d.get("warnings") or []:
    loc = (w.get("location") or {}).get("ranges") or [{}]
    lines.append((loc[0].get("start", {}).get("line", 0), w["ruleName"]))
with open(expected, "w") as f:
    f.write("# oracle: %s\n" % oracle)
    f.write("# docker buildx build --call check,format=json %s\n" % opts if opts else "# docker buildx build --call check,format=json\n")
    err = d.get("buildError")
    if err:
        f.write("# build error: %s\n" % err["message"])
    for line, rule in sorted(lines):
        f.write("%d %s\n" % (line, rule))
PY
  echo "$c: $(grep -vc '^#' "$dir/$out_name") findings"
done

# The base image's config as the oracle read it: the test lints with the same facts.
[ -n "${ORACLE_ENGINE:-}" ] && exit 0
python3 - "$corpus/images.txt" "$images" <<'PY'
import json, os, sys, urllib.request
refs = [("127.0.0.1:5000/dmsb/busybox:latest", "dmsb/busybox", "latest")]
for n in sorted(os.listdir(sys.argv[2])):
    if os.path.isdir(os.path.join(sys.argv[2], n)):
        refs.append(("127.0.0.1:5000/dmsb-checks/%s:1" % n, "dmsb-checks/" + n, "1"))
accept = ",".join([
    "application/vnd.docker.distribution.manifest.v2+json",
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json"])
def get(repo, path, acc=accept):
    req = urllib.request.Request("http://127.0.0.1:5000/v2/%s/%s" % (repo, path), headers={"Accept": acc})
    return json.load(urllib.request.urlopen(req))
with open(sys.argv[1], "w") as f:
    f.write("# base image configs the oracle resolved: ref os architecture variant, then its Env, Shell\n")
    f.write("# and OnBuild (scripts/record-buildkit-checks.sh writes this file)\n")
    for ref, repo, tag in refs:
        m = get(repo, "manifests/" + tag)
        if "manifests" in m:
            m = get(repo, "manifests/" + next(x for x in m["manifests"] if x["platform"]["architecture"] == "amd64")["digest"])
        cfg = get(repo, "blobs/" + m["config"]["digest"], "*/*")
        c = cfg.get("config") or {}
        f.write("image %s %s %s %s\n" % (ref, cfg["os"], cfg["architecture"], cfg.get("variant", "-") or "-"))
        for e in c.get("Env") or []:
            f.write("env %s\n" % e)
        for s in c.get("Shell") or []:
            f.write("shell %s\n" % s)
        for o in c.get("OnBuild") or []:
            f.write("onbuild %s\n" % o)
PY
