#!/usr/bin/env bash
# Compares whole processes, pairwise (dmsb and the docker CLI alternate, same engine, same builder),
# on two uncached builds:
#   quickstart: examples/quickstart with --no-cache; the difference should be the JVM's start only
#               (target: dmsb at most 0.4 s slower);
#   compute:    a RUN that computes a fixed amount (ITERATIONS, default 4,000,000 shell loop steps:
#               about 5 s here), so the CLI takes 5 s or more (target: dmsb at most 1.05 x the CLI).
#               Fixed work, not a loop until the clock reaches a later second: that would round
#               each run's end to a whole second and turn a start-up difference into a whole second.
#   sleep:      a RUN that sleeps 5 s: as long as compute, but the engine's time hardly varies
#               (the busy loop's speed moves with the shared machine's load by a second or more),
#               so the ratio shows dmsb's own cost more sharply.
# A third column, "api", posts the same context tar to POST /build with curl: the floor of the
# Engine API's tar path, which dmsb must use. dmsb - api is dmsb's own cost (mostly the JVM's start);
# api - cli is the engine's tar path against the CLI's session path (BuildKit), not dmsb's doing.
# Usage: scripts/bench-build.sh [rounds]   (default 5; BUILDER=buildkit|legacy, default buildkit;
#   CASES="quickstart compute sleep", the default, selects the cases)
# dmsb runs through the ./dmsb launcher (class-data sharing, heap cap) as users run it; DMSB=path
# overrides it, DOCKER_CLI the docker binary. Images made here are removed at the end.
set -euo pipefail
ROUNDS=${1:-5}
BUILDER=${BUILDER:-buildkit}
ITERATIONS=${ITERATIONS:-4000000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DMSB=${DMSB:-$ROOT/dmsb}
DOCKER=${DOCKER_CLI:-/usr/bin/docker}
WORK=$(mktemp -d /tmp/dmsb-bench-build.XXXXXX)
TAG=dmsb-bench-build-$$
# shellcheck source=bench-images.sh
source "$ROOT/scripts/bench-images.sh"
bench_images_start
cleanup() {
  rm -rf "$WORK"
  bench_images_remove "$TAG:dmsb" "$TAG:cli" "$TAG:api"
}
trap cleanup EXIT

case "$BUILDER" in
  buildkit) CLI_BUILDKIT=1 API_VERSION=2 ;;
  legacy) CLI_BUILDKIT=0 API_VERSION=1 ;;
  *) echo "BUILDER must be buildkit or legacy" >&2; exit 2 ;;
esac
$DOCKER image inspect dmsb/busybox:latest >/dev/null
"$DMSB" --version >/dev/null # builds the jar and the class-data archive first, outside the timings

CASES=${CASES:-quickstart compute sleep}
mkdir -p "$WORK/sleep"
printf 'FROM dmsb/busybox:latest\nRUN sleep 5 && echo slept > /slept\n' >"$WORK/sleep/Dockerfile"
mkdir -p "$WORK/compute"
cat >"$WORK/compute/Dockerfile" <<DF
FROM dmsb/busybox:latest
# Computes (busy, not sleeping) for a fixed number of steps, so the build is dominated by the engine.
RUN i=0; while [ \$i -lt $ITERATIONS ]; do i=\$((i + 1)); done; echo \$i > /count
DF

now() { date +%s.%N; }

SOCKET=${DOCKER_HOST:-unix:///var/run/docker.sock}
SOCKET=${SOCKET#unix://}
api_build() { # tarfile: POST /build like dmsb does, fails if the stream reports an error
  curl -sS --fail --unix-socket "$SOCKET" -H "Content-Type: application/x-tar" --data-binary @"$1" \
    "http://engine/build?version=$API_VERSION&nocache=1&rm=1&forcerm=1&dockerfile=Dockerfile&t=$TAG:api" \
    >"$WORK/api.out" && ! grep -q errorDetail "$WORK/api.out"
}

timed() { # cmd...: prints its wall time in seconds; a failing build stops the benchmark
  local t0 t1
  t0=$(now)
  if ! "$@" >/dev/null 2>"$WORK/err"; then cat "$WORK/err" >&2; return 1; fi
  t1=$(now)
  echo "$t1 - $t0" | bc
}

# run_pair case dir: one dmsb run and one CLI run, in alternating order, appended to $WORK/case.txt
run_pair() {
  local case=$1 dir=$2 round=$3 d c a
  local -a dmsb_cmd=("$DMSB" build -q --no-cache --builder "$BUILDER" -t "$TAG:dmsb" "$dir")
  local -a cli_cmd=(env DOCKER_BUILDKIT=$CLI_BUILDKIT "$DOCKER" build -q --no-cache -t "$TAG:cli" "$dir")
  # The Dockerfile first: BuildKit looks for a tar header in the first 1024 bytes.
  [[ -f $WORK/$case.tar ]] || (cd "$dir" && tar --owner=0 --group=0 -cf "$WORK/$case.tar" Dockerfile \
    $(ls -A | grep -vx Dockerfile))
  if ((round % 2)); then
    c=$(timed "${cli_cmd[@]}")
    a=$(timed api_build "$WORK/$case.tar")
    d=$(timed "${dmsb_cmd[@]}")
  else
    d=$(timed "${dmsb_cmd[@]}")
    a=$(timed api_build "$WORK/$case.tar")
    c=$(timed "${cli_cmd[@]}")
  fi
  echo "$d $c $a" >>"$WORK/$case.txt"
  printf '  round %d: dmsb %.2fs  cli %.2fs  api %.2fs  (load %s)\n' "$round" "$d" "$c" "$a" \
    "$(cut -d' ' -f1 /proc/loadavg)"
}

report() { # case: mean and median of each side, of the differences and of the ratios
  awk '{ d[NR]=$1; c[NR]=$2; a[NR]=$3; sd+=$1; sc+=$2; sa+=$3; diff[NR]=$1-$2; ratio[NR]=$1/$2
         over[NR]=$1-$3 }
    function median(a, n,   i, j, t) {
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    END {
      n = NR
      printf "  dmsb   mean %.2fs  median %.2fs\n", sd / n, median(d, n)
      printf "  cli    mean %.2fs  median %.2fs\n", sc / n, median(c, n)
      printf "  api    mean %.2fs  median %.2fs   (curl, the tar path without dmsb)\n", sa / n, median(a, n)
      printf "  dmsb - api: mean %+.2fs  median %+.2fs   (dmsb'"'"'s own cost)\n", (sd - sa) / n, median(over, n)
      printf "  dmsb - cli: mean %+.2fs  median %+.2fs\n", (sd - sc) / n, median(diff, n)
      printf "  dmsb / cli: mean %.3f   median %.3f   (%d pairs)\n", sd / sc, median(ratio, n), n
    }' "$WORK/$1.txt"
}

echo "builder $BUILDER, $ROUNDS pairs per case, load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for case in $CASES; do
  dir=$ROOT/examples/quickstart
  [[ $case == compute || $case == sleep ]] && dir=$WORK/$case
  : >"$WORK/$case.txt"
  echo "case $case:"
  for r in $(seq 1 "$ROUNDS"); do run_pair "$case" "$dir" "$r"; done
  report "$case"
  if [[ $case == compute ]] && awk '{ s += $2 } END { exit !(s / NR < 5) }' "$WORK/$case.txt"; then
    echo "  note: the CLI took less than 5 s on average; raise ITERATIONS"
  fi
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
