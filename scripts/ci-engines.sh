#!/usr/bin/env bash
# Runs the engine-facing integration tests (JUnit tag "engine") on each named engine, after the
# whole suite ran on the machine's Docker 20.10 (.ci/run does that first):
#
#   scripts/ci-engines.sh [NAME...]     default: docker28 docker28-containerd podman
#
# For each NAME: `scripts/engine.sh up NAME`, then the tests inside that engine's network namespace
# (where its registries answer on 127.0.0.1:5000/5001 and its containers' ports on localhost) with
# DOCKER_HOST, DMSB_IT_ENGINE and DMSB_IT_DOCKER_CLI (the engine's own docker CLI as the oracle)
# set, then `scripts/engine.sh down NAME`. Maven runs offline there (no network in the namespace):
# the dependencies are in ~/.m2 once the first run has been. Every engine is tried; the exit code
# is 1 if the tests failed on any.
set -uo pipefail
cd "$(dirname "$0")/.."
engines=("$@")
((${#engines[@]})) || engines=(docker28 docker28-containerd podman)
# Every tagged class runs on every engine, Podman included: a test that needs a builder the engine
# lacks (BuildKit, on Podman) skips itself and says why (TestEngine.assumeBuilder).
# On CI every engine starts from an empty data root, as on a fresh machine: images an earlier run
# (or a developer's tests) left there must not count as this run's leftovers, nor serve its builds.
# The downloaded packages (the engine dir's forky/) stay. Nothing is removed while still mounted.
fresh() {
  [[ "${CI:-}" == true ]] || return 0
  local dir="${DMSB_ENGINE_DIR:-/tmp/dmsb-engine}/$1"
  [[ -d "$dir" ]] || return 0
  scripts/engine.sh down "$1" >/dev/null 2>&1 || true
  # Podman leaves its storage's overlay mounts behind when its service stops; with the engine down
  # nothing uses them, so they go first (deepest first).
  findmnt -rn -o TARGET | grep "^$dir/" | sort -r | xargs -r umount 2>/dev/null || true
  if findmnt -rn -o TARGET | grep -q "^$dir/"; then
    echo "ci-engines.sh: $dir still has mounts; starting on its old data" >&2
    return 0
  fi
  rm -rf "$dir"
}
failed=()
for name in "${engines[@]}"; do
  selection=(-Dgroups=engine)
  echo "ci-engines.sh: === $name ==="
  start=$SECONDS
  fresh "$name"
  if ! scripts/engine.sh up "$name"; then
    failed+=("$name (engine did not start)")
    continue
  fi
  if ! DMSB_IT_ENGINE="$name" DMSB_IT_DOCKER_CLI="$(scripts/engine.sh cli "$name")" \
    TESTCONTAINERS_HOST_OVERRIDE=localhost TESTCONTAINERS_RYUK_DISABLED=true \
    scripts/engine.sh exec "$name" -- ./mvnw -o -B -pl integration-tests -am verify \
    -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false "${selection[@]}"; then
    failed+=("$name")
  fi
  echo "ci-engines.sh: $name took $((SECONDS - start)) s"
  [[ "${DMSB_KEEP_ENGINES:-}" == true ]] || scripts/engine.sh down "$name"
done
if ((${#failed[@]})); then
  echo "ci-engines.sh: the engine-facing tests failed on: ${failed[*]}" >&2
  exit 1
fi
echo "ci-engines.sh: the engine-facing tests passed on: ${engines[*]}"
