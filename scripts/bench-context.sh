#!/usr/bin/env bash
# Compares dmsb and the docker CLI (legacy builder, which sends the whole context) as whole
# processes on the same engine, pairwise, N rounds:
#   1. prune: a 1 GiB context of which the Dockerfile uses one small file;
#   2. full:  a 1 GiB context copied whole (COPY . .): throughput and peak memory (RSS);
#   3. session: BuildKit, 1 GiB in 1,024 files of 1 MiB, COPY . /ctx/, dmsb (its BuildKit session)
#      beside DOCKER_BUILDKIT=1 docker build (the 20.10 CLI's session): a first build (--no-cache, a
#      context folder the engine has not seen), a rebuild with nothing changed, a rebuild with one
#      1 MiB file changed; then one more round through a byte-counting relay
#      (scripts/byte-relay.py) for the bytes each client sent on the two rebuilds.
# Usage: scripts/bench-context.sh [rounds]   (needs dmsb/busybox:latest; the images it builds are
#   removed as it goes and at the end)
#   CASES="prune full" (default; add "session") selects the cases; dmsb runs through the ./dmsb launcher (heap cap,
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

if [[ " $CASES " == *" prune "* || " $CASES " == *" full "* ]]; then
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
fi

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for case in $CASES; do
  [ "$case" = session ] && continue # below
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
if [[ " $CASES " == *" session "* ]]; then
  make_files() { # $1 dir: 1,024 files of 1 MiB
    mkdir -p "$1/data"
    head -c $((1024 * 1024 * 1024)) /dev/urandom | split -b $((1024 * 1024)) -a 4 -d - "$1/data/f"
    printf 'FROM dmsb/busybox:latest\nCOPY . /ctx/\n' > "$1/Dockerfile"
  }
  change_one() { head -c $((1024 * 1024)) /dev/urandom > "$1/data/f0512"; }
  : > "$WORK/session.results"
  make_files "$WORK/session-base"
  session_round() { # $1 round label, $2 relay socket or "" (then DOCKER_HOST stays as it is)
    local host_env=()
    [ -n "$2" ] && host_env=(env "DOCKER_HOST=unix://$2")
    for who in dmsb cli; do
      local d=$WORK/session-$1-$who
      rm -rf "$d"; cp -r "$WORK/session-base" "$d"
      local build
      if [ $who = dmsb ]; then build=("$DMSB" build -q --builder buildkit); else build=(env DOCKER_BUILDKIT=1 "$DOCKER" build -q); fi
      measure "$who-first" "${host_env[@]}" "${build[@]}" --no-cache -t "$TAG:$who" "$d" >> "$WORK/session$1.results"
      before=$(cat "$WORK/relay.count" 2>/dev/null || echo 0)
      measure "$who-nochange" "${host_env[@]}" "${build[@]}" -t "$TAG:$who" "$d" >> "$WORK/session$1.results"
      after=$(cat "$WORK/relay.count" 2>/dev/null || echo 0)
      echo "$who-nochange-bytes $((after - before))" >> "$WORK/session$1.bytes"
      change_one "$d"
      before=$after
      measure "$who-onechange" "${host_env[@]}" "${build[@]}" -t "$TAG:$who" "$d" >> "$WORK/session$1.results"
      after=$(cat "$WORK/relay.count" 2>/dev/null || echo 0)
      echo "$who-onechange-bytes $((after - before))" >> "$WORK/session$1.bytes"
      rm -rf "$d"
      bench_images_remove "$TAG:$who"
    done
  }
  for r in $(seq 1 "$ROUNDS"); do session_round "$r" ""; cat "$WORK/session$r.results" >> "$WORK/session.results"; done
  echo "case session (load average now $(cut -d' ' -f1-3 /proc/loadavg)):"
  for k in $(awk '{ print $1 }' "$WORK/session.results" | sort -u); do
    awk -v k="$k" '$1 == k { print $2 }' "$WORK/session.results" | sort -n | awk -v k="$k" '
      { v[++n] = $1 } END { m = (n % 2) ? v[(n+1)/2] : (v[n/2] + v[n/2+1]) / 2; printf "  %-16s median %.2fs  (%d runs)\n", k, m, n }'
  done
  awk '{ if ($3 > m[$1]) m[$1] = $3 } END { for (k in m) printf "  %-16s peak RSS %.0f MiB\n", k, m[k]/1024 }' "$WORK/session.results" | sort
  python3 "$ROOT/scripts/byte-relay.py" "$WORK/relay.sock" "${DOCKER_HOST_SOCKET:-/var/run/docker.sock}" "$WORK/relay.count" &
  relay=$!
  for _ in $(seq 1 50); do [ -S "$WORK/relay.sock" ] && break; sleep 0.1; done
  session_round relay "$WORK/relay.sock"
  kill "$relay"
  echo "  bytes each client sent through the relay (request headers, session traffic, file data):"
  sed 's/^/    /' "$WORK/sessionrelay.bytes"
fi
bytes=$((1024 * 1024 * 1024))
echo "full-context throughput (1 GiB / mean wall time, includes engine-side extraction and COPY):"
if [ -f "$WORK/full.results" ]; then
  awk -v b=$bytes '{ n[$1]++; s[$1]+=$2 } END { for (k in n) printf "  %-12s %.0f MiB/s\n", k, b/1048576/(s[k]/n[k]) }' "$WORK/full.results" | sort
fi
