#!/usr/bin/env bash
# What the agent's advice costs the servers' own threads per exchange (bench/README.md, "Where the time goes", 7):
# bytes allocated (the headline: independent of the machine's load) and CPU time of the server's threads per plain
# request, per upgraded connection and per message, with no agent and with each agent jar given, forks rotating.
#   ./bench/hook-cost.sh                                             # no agent vs agent/target/wsaudit-agent.jar
#   ./bench/hook-cost.sh --servers UNDERTOW --forks 3 --jar before=/tmp/before.jar --jar after=agent/target/wsaudit-agent.jar
#   BENCH_SKIP_BUILD=1 ./bench/hook-cost.sh ...
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${BENCH_SKIP_BUILD:-}" ]]; then
  ./mvnw -B -q -pl bench,agent -am package -DskipTests
fi
cp="bench/target/classes:$(cat bench/target/classpath.txt)"
exec java -cp "$cp" -Dbench.server.classpath="$cp" io.wsaudit.bench.hookcost.HookCostBench "$@"
