#!/usr/bin/env bash
# The frame-hook microbenchmark (JMH, by hand; never run by the build): what one frame costs in the agent's hook
# path, FrameActivities lookup + FrameActivity timestamp store, and its parts alone. The benchmark lives in the
# agent's test tree (agent/src/test/java/io/wsaudit/agent/telemetry/FrameHookBenchmark.java): it needs the
# agent's package-private classes, which the agent's shaded jar does not expose to the bench module.
#
#   ./bench/frame-hook.sh                      # 2 forks x 5 s measured per benchmark, with -prof gc (~2 min)
#   ./bench/frame-hook.sh -f 1 -i 3 -prof gc   # any JMH options replace the default ones
#   BENCH_SKIP_BUILD=1 ./bench/frame-hook.sh   # reuse agent/target as it is
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${BENCH_SKIP_BUILD:-}" ]]; then
  ./mvnw -B -q -pl agent -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
fi
if [[ $# -eq 0 ]]; then
  set -- -prof gc
fi
exec java -cp "agent/target/test-classes:agent/target/classes:$(cat agent/target/test-classpath.txt)" \
  org.openjdk.jmh.Main FrameHookBenchmark "$@"
