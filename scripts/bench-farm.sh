#!/usr/bin/env bash
# Issue 14's numbers, as whole processes side by side, in pairs (the order alternates each round),
# medians of each side and of the pairs' differences or ratios:
#   quickstart  the quick start's Dockerfile (examples/quickstart, FROM 127.0.0.1:5000/dmsb/busybox
#               :latest), uncached, pushed to 127.0.0.1:5000 from the standalone buildkitd:
#               dmsb build --buildkit-host ... --no-cache --push -t REF  against  buildctl build
#               --no-cache --output type=image,name=REF,push=true (target: dmsb at most buildctl + 0.4 s)
#   noop        a rebuild with nothing changed of a 1 GiB context (16 files of 64 MiB, COPY . /ctx/),
#               pushed; the first build of each side runs before the timings
#               (target: dmsb at most buildctl + 0.4 s)
#   verify      dmsb verify docker://127.0.0.1:5000/...  against  dmsb verify of the same image in
#               the engine (pulled there), with its Dockerfile, then with --scan-files --forbid
#               (target: within 1.5x)
#   engineapi   a cached build of the quick start on the Docker engine: --engine-api grpc (BuildKit's
#               Control API on /grpc) against --engine-api session (/session + /build, the default)
# dmsb's side of quickstart and noop needs `dmsb build --buildkit-host`; without it the script says
# so and measures buildctl's side alone.
#
# Usage: scripts/bench-farm.sh [rounds]   (default 7; CASES="quickstart noop verify engineapi" selects)
# Needs `scripts/engine.sh up` (the registry, the engine for verify; as root the builds run on a
# buildkitd of the script's own, else on the shared one). dmsb runs through
# the ./dmsb launcher as users run it (DMSB=path overrides it). It needs no other tool; the images it
# pushes stay in the registry (as every test's do), the engine's copies and the work dir go.
set -euo pipefail
ROUNDS=${1:-7}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DMSB=${DMSB:-$ROOT/dmsb}
CASES=${CASES:-quickstart noop verify engineapi}
REGISTRY=127.0.0.1:5000
BASE=$REGISTRY/dmsb/busybox:latest
WORK=$(mktemp -d /tmp/dmsb-bench-farm.XXXXXX)
RUN=$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
pulled=()
# As root the builds run on a buildkitd of the script's own (`engine.sh up buildkitd-empty` in a
# private state dir: same binary and configuration, an empty root), stopped and deleted at the
# end with the gigabytes the 1 GiB case leaves in its cache; otherwise on the shared buildkitd.
PRIVATE=""
if [[ $(id -u) -eq 0 ]]; then
  PRIVATE="$WORK/engine"
  DMSB_ENGINE_DIR="$PRIVATE" "$ROOT/scripts/engine.sh" up buildkitd-empty >/dev/null
  eval "$(DMSB_ENGINE_DIR="$PRIVATE" "$ROOT/scripts/engine.sh" env buildkitd)"
  HOST=$DMSB_IT_BUILDKIT_EMPTY_HOST
else
  eval "$("$ROOT/scripts/engine.sh" env buildkitd)"
  HOST=$DMSB_IT_BUILDKIT_HOST
fi
BUILDCTL=$DMSB_IT_BUILDCTL
cleanup() {
  for ref in "${pulled[@]}"; do /usr/bin/docker rmi "$ref" >/dev/null 2>&1 || true; done
  if [[ -n "$PRIVATE" ]]; then DMSB_ENGINE_DIR="$PRIVATE" "$ROOT/scripts/engine.sh" down buildkitd-empty >/dev/null 2>&1 || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

"$BUILDCTL" --addr "$HOST" debug workers >/dev/null 2>&1 || {
  echo "bench-farm.sh: no buildkitd answers at $HOST; run scripts/engine.sh up buildkitd" >&2
  exit 1
}
"$DMSB" --version >/dev/null # builds the jar and the class-data archive first, outside the timings
if "$DMSB" build --help 2>&1 | grep -q -- '--buildkit-host'; then
  DMSB_ON_BUILDKITD=true
else
  DMSB_ON_BUILDKITD=false
  echo "bench-farm.sh: this dmsb has no 'dmsb build --buildkit-host' yet: quickstart and noop measure buildctl's side only"
fi
echo "bench-farm.sh: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $ROUNDS rounds, $("$BUILDCTL" --version | awk '{print $3}') at $HOST"

# timed LABEL CMD...: runs CMD once, appends "LABEL SECONDS" to $WORK/times; a failure stops all.
timed() {
  local label=$1 start end
  shift
  start=$(date +%s%N)
  if ! "$@" >"$WORK/out.txt" 2>&1; then
    echo "bench-farm.sh: $label failed: $*" >&2
    tail -n 20 "$WORK/out.txt" >&2
    exit 1
  fi
  end=$(date +%s%N)
  echo "$label $(((end - start) / 1000000))" >>"$WORK/times"
}

median() { sort -n | awk '{ v[++n] = $1 } END { if (n == 0) exit; print (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2 }'; }

# report CASE A B KIND TARGET: medians of A and B (ms), and of the pairs' A-B or A/B.
report() {
  local case=$1 a=$2 b=$3 kind=$4 target=$5 ma mb
  ma=$(awk -v k="$case.$a" '$1 == k { print $2 }' "$WORK/times" | median)
  mb=$(awk -v k="$case.$b" '$1 == k { print $2 }' "$WORK/times" | median)
  printf '  %-11s %-16s median %6.3f s\n' "$case" "$b" "$(awk -v m="$mb" 'BEGIN { print m / 1000 }')"
  [[ -n "$ma" ]] || return 0
  printf '  %-11s %-16s median %6.3f s\n' "$case" "$a" "$(awk -v m="$ma" 'BEGIN { print m / 1000 }')"
  paste <(awk -v k="$case.$a" '$1 == k { print $2 }' "$WORK/times") <(awk -v k="$case.$b" '$1 == k { print $2 }' "$WORK/times") |
    awk -v kind="$kind" '{ print (kind == "ratio") ? $1 / $2 : ($1 - $2) / 1000 }' | median |
    awk -v kind="$kind" -v t="$target" -v c="$case" '{ printf "  %-11s %-16s median of pairs %.3f%s (target %s)\n", c, (kind == "ratio") ? "ratio" : "difference", $1, (kind == "ratio") ? "x" : " s", t }'
}

# pair CASE A-LABEL A-CMD... -- B-LABEL B-CMD...: one round, in the order the round number gives.
round=0
pair() {
  local case=$1 la=$2 lb cmd_a=() cmd_b=()
  shift 2
  while [[ "$1" != -- ]]; do cmd_a+=("$1") && shift; done
  shift
  lb=$1
  shift
  cmd_b=("$@")
  if ((round % 2 == 0)); then
    if [[ -n "$la" ]]; then timed "$case.$la" "${cmd_a[@]}"; fi
    timed "$case.$lb" "${cmd_b[@]}"
  else
    timed "$case.$lb" "${cmd_b[@]}"
    if [[ -n "$la" ]]; then timed "$case.$la" "${cmd_a[@]}"; fi
  fi
}

buildctl_push() { # buildctl_push CONTEXT REF [flags...]
  local ctx=$1 ref=$2
  shift 2
  "$BUILDCTL" --addr "$HOST" build --frontend dockerfile.v0 --local context="$ctx" --local dockerfile="$ctx" \
    --output "type=image,name=$ref,push=true" "$@"
}
dmsb_push() { # dmsb_push CONTEXT REF [flags...]
  local ctx=$1 ref=$2
  shift 2
  "$DMSB" build -q --buildkit-host "$HOST" --push -t "$ref" "$@" "$ctx"
}

if [[ " $CASES " == *" quickstart "* ]]; then
  mkdir -p "$WORK/quickstart"
  cp "$ROOT/examples/quickstart/app-1.0.tar.gz" "$WORK/quickstart/"
  sed "s|^FROM dmsb/busybox:latest|FROM $BASE|" "$ROOT/examples/quickstart/Dockerfile" >"$WORK/quickstart/Dockerfile"
  a=""
  [[ $DMSB_ON_BUILDKITD == true ]] && a=dmsb
  for round in $(seq 1 "$ROUNDS"); do
    pair quickstart "$a" dmsb_push "$WORK/quickstart" "$REGISTRY/dmsb-bench/farm-quickstart:$RUN-dmsb" --no-cache -- \
      buildctl buildctl_push "$WORK/quickstart" "$REGISTRY/dmsb-bench/farm-quickstart:$RUN-buildctl" --no-cache
  done
  report quickstart dmsb buildctl diff "<= 0.4 s"
fi

if [[ " $CASES " == *" noop "* ]]; then
  ctx="$WORK/noop"
  mkdir -p "$ctx/data"
  for i in $(seq 1 16); do head -c $((64 * 1024 * 1024)) /dev/urandom >"$ctx/data/blob$i.bin"; done
  printf 'FROM %s\nCOPY . /ctx/\n' "$BASE" >"$ctx/Dockerfile"
  echo "bench-farm.sh: noop: $(du -sh "$ctx" | cut -f1) context; first builds (not timed)"
  buildctl_push "$ctx" "$REGISTRY/dmsb-bench/farm-noop:$RUN-buildctl" >/dev/null 2>&1
  a=""
  if [[ $DMSB_ON_BUILDKITD == true ]]; then
    a=dmsb
    dmsb_push "$ctx" "$REGISTRY/dmsb-bench/farm-noop:$RUN-dmsb" >/dev/null
  fi
  for round in $(seq 1 "$ROUNDS"); do
    pair noop "$a" dmsb_push "$ctx" "$REGISTRY/dmsb-bench/farm-noop:$RUN-dmsb" -- \
      buildctl buildctl_push "$ctx" "$REGISTRY/dmsb-bench/farm-noop:$RUN-buildctl"
  done
  report noop dmsb buildctl diff "<= 0.4 s"
  rm -rf "$ctx"
fi

if [[ " $CASES " == *" verify "* ]]; then
  ctx="$WORK/verify"
  mkdir -p "$ctx"
  cat >"$ctx/Dockerfile" <<DOCKERFILE
FROM $BASE AS builder
RUN mkdir -p /out && head -c 4000000 /dev/urandom > /out/app && echo secret > /out/key.pem
FROM $BASE
WORKDIR /opt/app
COPY --from=builder /out/app /opt/app/bin/app
CMD ["/opt/app/bin/app"]
DOCKERFILE
  ref="$REGISTRY/dmsb-bench/farm-verify:$RUN"
  # Built on buildkitd and pushed (as a farm does), then pulled into the engine: one image, two places.
  buildctl_push "$ctx" "$ref" >/dev/null 2>&1
  /usr/bin/docker pull -q "$ref" >/dev/null
  pulled+=("$ref")
  verify=(verify -f "$ctx/Dockerfile" --expect-layers 4)
  for image in "docker://$ref" "$ref"; do
    "$DMSB" "${verify[@]}" "$image" >/dev/null || { echo "bench-farm.sh: dmsb ${verify[*]} $image failed" >&2; exit 1; }
  done
  for round in $(seq 1 "$ROUNDS"); do
    pair verify registry "$DMSB" "${verify[@]}" "docker://$ref" -- engine "$DMSB" "${verify[@]}" "$ref"
    pair verify-scan registry "$DMSB" "${verify[@]}" --scan-files --forbid '*.pem' "docker://$ref" -- \
      engine "$DMSB" "${verify[@]}" --scan-files --forbid '*.pem' "$ref"
  done
  report verify registry engine ratio "<= 1.5x"
  report verify-scan registry engine ratio "<= 1.5x"
fi
if [[ " $CASES " == *" engineapi "* ]]; then
  # The Docker engine's two BuildKit paths, cached build of the quick start's Dockerfile into the
  # engine: /grpc (the Control API, as buildx's docker driver) against /session + /build (default).
  ctx="$WORK/engineapi"
  mkdir -p "$ctx"
  cp "$ROOT/examples/quickstart/app-1.0.tar.gz" "$ROOT/examples/quickstart/Dockerfile" "$ctx/"
  tag="dmsb-bench-farm-engineapi:$RUN"
  "$DMSB" build -q -t "$tag" "$ctx" >/dev/null
  pulled+=("$tag")
  for round in $(seq 1 "$ROUNDS"); do
    pair engineapi grpc "$DMSB" build -q --engine-api grpc -t "$tag" "$ctx" -- \
      session "$DMSB" build -q --engine-api session -t "$tag" "$ctx"
  done
  report engineapi grpc session ratio "the faster is the default"
fi
echo "bench-farm.sh: load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
