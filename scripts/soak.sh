#!/usr/bin/env bash
# Soak: N consecutive builds of an example through one JVM (the library, one engine client),
# printing CSV samples of the JVM's heap after GC, its open file descriptors and threads, the
# engine's containers and dockerd's RSS. A leak shows as a column that keeps growing.
#
#   scripts/soak.sh [BUILDS=200] [EVERY=20] [CONTEXT=examples/quickstart]
#
# Needs a running engine (scripts/engine.sh up). Compiles the integration-test classes if needed.
set -euo pipefail
cd "$(dirname "$0")/.."
builds="${1:-200}" every="${2:-20}" context="${3:-examples/quickstart}"
if [[ ! -f integration-tests/target/test-classes/dev/dmsb/reliability/Soak.class ]]; then
  ./mvnw -B -q -pl integration-tests -am test-compile -Dspotless.check.skip=true
fi
cp_file=integration-tests/target/soak.classpath
./mvnw -B -q -pl integration-tests dependency:build-classpath -Dmdep.outputFile="$PWD/$cp_file" \
  -Dmdep.includeScope=test >/dev/null
classpath="integration-tests/target/test-classes:$(cat "$cp_file")"
tag="dmsb-soak:$$-$RANDOM"
exec java -Xmx256m -cp "$classpath" dev.dmsb.reliability.Soak "$context" "$builds" "$every" "$tag"
