#!/usr/bin/env bash
# Benchmarks `dmsb verify` from a registry against `dmsb verify` from the engine, as whole
# processes through the ./dmsb launcher (issue 14's target: within 1.5x of verify from the engine).
# The same image, built by dmsb from a two-stage Dockerfile, is verified
#   A: docker://127.0.0.1:5000/...  (registry API: manifest, config; blobs with --scan-files)
#   B: the local tag                (Engine API: inspect, history; docker save with --scan-files)
# with its Dockerfile (history attribution), and again with --scan-files --forbid.
# Needs the engine and the registry on 127.0.0.1:5000 of `scripts/engine.sh up`, /usr/bin/docker
# (to push only) and farm-bench (pairs A and B run by run; the ratio is the median of the pairs).
# Removes the local tags it makes; the registry keeps its copy.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-10}
REGISTRY=${REGISTRY:-127.0.0.1:5000}
./dmsb --version >/dev/null # builds the jar and the class-data archive when missing
suffix=$(head -c4 /dev/urandom | od -An -tx1 | tr -d ' \n')
work=$(mktemp -d)
tag="$REGISTRY/dmsb-bench/verify-registry:$suffix"
base="$REGISTRY/dmsb/busybox:latest"
cleanup() { /usr/bin/docker rmi -f "$tag" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

/usr/bin/docker tag dmsb/busybox:latest "$base"
/usr/bin/docker push -q "$base" >/dev/null
mkdir -p "$work/ctx"
cat >"$work/ctx/Dockerfile" <<DOCKERFILE
FROM $base AS builder
RUN mkdir -p /out && head -c 4000000 /dev/urandom > /out/app && echo secret > /out/key.pem
FROM $base
WORKDIR /opt/app
COPY --from=builder /out/app /opt/app/bin/app
CMD ["/opt/app/bin/app"]
DOCKERFILE
./dmsb build -q -t "$tag" "$work/ctx" >/dev/null
/usr/bin/docker push -q "$tag" >/dev/null

verify=(verify -f "$work/ctx/Dockerfile" --expect-layers 4)
for image in "docker://$tag" "$tag"; do
  ./dmsb "${verify[@]}" "$image" >/dev/null && echo "verify $image: exit 0"
done

echo "== history attribution (no file scan)"
farm-bench -n "$RUNS" --timeout 600 --vs "./dmsb ${verify[*]} $tag" -- ./dmsb "${verify[@]}" "docker://$tag"
echo "== with --scan-files --forbid '*.pem'"
farm-bench -n "$RUNS" --timeout 600 --vs "./dmsb ${verify[*]} --scan-files --forbid *.pem $tag" \
  -- ./dmsb "${verify[@]}" --scan-files --forbid '*.pem' "docker://$tag"
