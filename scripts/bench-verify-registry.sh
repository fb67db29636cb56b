#!/usr/bin/env bash
# Benchmarks `dmsb verify` from a registry against `dmsb verify` from the engine, as whole
# processes through the ./dmsb launcher (issue 14's target: within 1.5x of verify from the engine):
# the `verify` case of scripts/bench-farm.sh, which pairs the two run by run (the order alternates
# each round) and prints the medians and the median of the pairs' ratios. Needs what that script
# needs (`scripts/engine.sh up`: the engine, the registry on 127.0.0.1:5000, a buildkitd).
# Usage: scripts/bench-verify-registry.sh [rounds]   (default: RUNS, else 10)
set -euo pipefail
cd "$(dirname "$0")/.."
CASES=verify exec scripts/bench-farm.sh "${1:-${RUNS:-10}}"
