#!/usr/bin/env bash
# Benchmarks `dmsb verify` as a whole process:
#  1. verify of an image with 100 filesystem layers (history attribution against its Dockerfile);
#  2. peak memory of the leak scan (streamed `docker save`) on a small and a large image.
# Needs the engine at /var/run/docker.sock, /usr/bin/docker (test oracle for building only),
# /usr/bin/time. Runs dmsb through the ./dmsb launcher (its JVM flags and class-data archive), as a
# user does. Removes the images it builds.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
LARGE_MB=${LARGE_MB:-512}
./dmsb --version >/dev/null # builds the jar and the class-data archive when missing
suffix=$(head -c4 /dev/urandom | od -An -tx1 | tr -d ' \n')
work=$(mktemp -d)
tags=()
cleanup() { for t in "${tags[@]}"; do /usr/bin/docker rmi -f "$t" >/dev/null 2>&1 || true; done; rm -rf "$work"; }
trap cleanup EXIT

build() { # tag dir
  DOCKER_BUILDKIT=1 /usr/bin/docker build -q -t "$1" "$2" >/dev/null
  tags+=("$1")
}

measure() { # label, then the dmsb arguments; prints elapsed seconds and peak RSS per run
  local label=$1; shift
  local heap=""
  case "$label" in *-Xmx32m*) heap="-Xmx32m" ;; esac
  for i in $(seq "$RUNS"); do
    DMSB_JAVA_OPTS="$heap" /usr/bin/time -v ./dmsb "$@" >/dev/null 2>"$work/time.txt" || true
    local wall rss
    wall=$(grep 'Elapsed (wall clock)' "$work/time.txt" | awk '{print $NF}')
    rss=$(grep 'Maximum resident set size' "$work/time.txt" | awk '{print $NF}')
    echo "$label run $i: wall ${wall} max_rss_kb ${rss}"
  done
}

# 1. 100 layers: busybox's 2 + 98 RUN steps
mkdir -p "$work/l100"
{ echo "FROM dmsb/busybox:latest"; for i in $(seq 98); do echo "RUN echo $i > /f$i"; done; } > "$work/l100/Dockerfile"
build "dmsb-bench-l100:$suffix" "$work/l100"
./dmsb verify "dmsb-bench-l100:$suffix" -f "$work/l100/Dockerfile" --expect-layers 100 >/dev/null 2>&1 \
  && echo "100-layer image verifies (exit 0)" || echo "100-layer image: verify FAILED"
measure "verify 100 layers" verify "dmsb-bench-l100:$suffix" -f "$work/l100/Dockerfile" --expect-layers 100

# 2. leak scan memory: small image vs large image
mkdir -p "$work/small" "$work/large"
printf 'FROM dmsb/busybox:latest\nRUN echo small > /small.txt\n' > "$work/small/Dockerfile"
printf 'FROM dmsb/busybox:latest\nRUN head -c %s /dev/urandom > /big.bin\n' "$((LARGE_MB * 1048576))" > "$work/large/Dockerfile"
build "dmsb-bench-small:$suffix" "$work/small"
build "dmsb-bench-large:$suffix" "$work/large"
/usr/bin/docker image inspect -f 'small image {{.Size}} bytes' "dmsb-bench-small:$suffix"
/usr/bin/docker image inspect -f 'large image {{.Size}} bytes' "dmsb-bench-large:$suffix"
measure "leak scan small" verify "dmsb-bench-small:$suffix" -f "$work/small/Dockerfile" --scan-files --forbid '*.pem'
measure "leak scan large" verify "dmsb-bench-large:$suffix" -f "$work/large/Dockerfile" --scan-files --forbid '*.pem'
# The launcher's heap cap bounds memory; a much smaller heap shows the scan needs no more than that.
measure "leak scan large -Xmx32m" verify "dmsb-bench-large:$suffix" -f "$work/large/Dockerfile" --scan-files
