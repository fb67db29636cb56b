#!/usr/bin/env bash
# Compares dmsb and the docker CLI (legacy builder, which sends the whole context) as whole
# processes on the same engine, pairwise, N rounds:
#   1. prune: a 1 GiB context of which the Dockerfile uses one small file;
#   2. full:  a 1 GiB context copied whole (COPY . .): throughput and peak memory (RSS).
# Usage: scripts/bench-context.sh [rounds]   (needs dmsb/busybox:latest; the images it builds are
#   removed as it goes and at the end)
#   CASES="prune full" (default) selects the cases; dmsb runs through the ./dmsb launcher (heap cap,
#   class-data sharing), as users run it; DMSB=path overrides it.
set -euo pipefail
ROUNDS=${1:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DMSB=${DMSB:-$ROOT/dmsb}
CASES=${CASES:-prune full}
DOCKER=${DOCKER_CLI:-/usr/bin/docker}
WORK=$(mktemp -d /tmp/dmsb-bench.XXXXXX)
TAG=dmsb-bench-$$
# shellcheck source=bench-images.sh
source "$ROOT/scripts/bench-images.sh"
bench_images_start
cleanup() {
  rm -rf "$WORK"
  bench_images_remove "$TAG:dmsb" "$TAG:cli"
}
trap cleanup EXIT

"$DMSB" --version >/dev/null # builds the jar and the class-data archive first, outside the timings
$DOCKER image inspect dmsb/busybox:latest >/dev/null

make_context() { # $1 dir: 1 GiB in 16 files of 64 MiB, plus one small used file
  mkdir -p "$1/data"
  for i in $(seq 1 16); do head -c $((64 * 1024 * 1024)) /dev/urandom > "$1/data/blob$i.bin"; done
  echo "small and used" > "$1/used.txt"
}

measure() { # label cmd... -> prints "label seconds maxrss_kb cpu_seconds"
  local label=$1; shift
  local t=$WORK/time.txt
  /usr/bin/time -v -o "$t" "$@" >/dev/null 2>"$WORK/err.txt" || { cat "$WORK/err.txt" >&2; exit 1; }
  local secs rss cpu
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$t" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$t")
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$t")
  echo "$label $secs $rss $cpu"
}

summarize() { # file with "label secs rss" lines
  awk '{ n[$1]++; s[$1]+=$2; c[$1]+=$4; if ($3>m[$1]) m[$1]=$3; if (!($1 in lo) || $2<lo[$1]) lo[$1]=$2 }
       END { for (k in n) printf "  %-12s mean %.2fs  best %.2fs  client CPU %.2fs  peak RSS %.0f MiB  (%d runs)\n", k, s[k]/n[k], lo[k], c[k]/n[k], m[k]/1024, n[k] }' "$1" | sort
}

echo "preparing 1 GiB contexts in $WORK ..."
make_context "$WORK/prune"
cat > "$WORK/prune/Dockerfile" <<'DF'
FROM dmsb/busybox:latest
COPY used.txt /used.txt
DF
mkdir -p "$WORK/full"
mv "$WORK/prune/data" "$WORK/full/data"   # reuse the bytes; the prune case gets a hard-linked copy
cp -al "$WORK/full/data" "$WORK/prune/data"
echo "small and used" > "$WORK/full/used.txt"
cat > "$WORK/full/Dockerfile" <<'DF'
FROM dmsb/busybox:latest
COPY . /ctx/
DF
du -sh "$WORK/prune" "$WORK/full" | sed 's/^/  /'

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for case in $CASES; do
  : > "$WORK/$case.results"
  for r in $(seq 1 "$ROUNDS"); do
    # --no-cache on both sides so every run sends and uses the context.
    measure dmsb "$DMSB" build -q --builder legacy --no-cache -t "$TAG:dmsb" "$WORK/$case" >> "$WORK/$case.results"
    measure docker-cli env DOCKER_BUILDKIT=0 "$DOCKER" build -q --no-cache -t "$TAG:cli" "$WORK/$case" >> "$WORK/$case.results"
    bench_images_remove "$TAG:dmsb" "$TAG:cli" # outside the timings: a 1 GiB image per run adds up
    if [ "$case" = prune ]; then
      measure dmsb-bk "$DMSB" build -q --builder buildkit --no-cache -t "$TAG:dmsb" "$WORK/$case" >> "$WORK/$case.results"
      measure cli-bk env DOCKER_BUILDKIT=1 "$DOCKER" build -q --no-cache -t "$TAG:cli" "$WORK/$case" >> "$WORK/$case.results"
      bench_images_remove "$TAG:dmsb" "$TAG:cli"
    fi
  done
  echo "case $case (load average now $(cut -d' ' -f1-3 /proc/loadavg)):"
  summarize "$WORK/$case.results"
done
bytes=$((1024 * 1024 * 1024))
echo "full-context throughput (1 GiB / mean wall time, includes engine-side extraction and COPY):"
if [ -f "$WORK/full.results" ]; then
  awk -v b=$bytes '{ n[$1]++; s[$1]+=$2 } END { for (k in n) printf "  %-12s %.0f MiB/s\n", k, b/1048576/(s[k]/n[k]) }' "$WORK/full.results" | sort
fi
