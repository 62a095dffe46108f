#!/usr/bin/env bash
# The agent's JMH microbenchmarks (by hand; never run by the build). They live in the agent's test tree
# (agent/src/test/java/io/wsaudit/agent/telemetry/*Benchmark.java): they need the agent's package-private classes,
# which the agent's shaded jar does not expose to the bench module.
#
#   ./bench/jmh.sh FrameHookBenchmark                 # one benchmark class (a JMH regexp), with -prof gc
#   ./bench/jmh.sh ConnectionPathBenchmark -f 1 -i 3 -prof gc   # any JMH options replace the default ones
#   BENCH_SKIP_BUILD=1 ./bench/jmh.sh ...              # reuse agent/target as it is
set -euo pipefail
cd "$(dirname "$0")/.."
benchmark=${1:?which benchmark (FrameHookBenchmark, ConnectionPathBenchmark)}
shift
if [[ -z "${BENCH_SKIP_BUILD:-}" ]]; then
  ./mvnw -B -q -pl agent -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
fi
if [[ $# -eq 0 ]]; then
  set -- -prof gc
fi
exec java -cp "agent/target/test-classes:agent/target/classes:$(cat agent/target/test-classpath.txt)" \
  org.openjdk.jmh.Main "$benchmark" "$@"
