#!/usr/bin/env bash
# Startup to the first upgrade and classes loaded by then (bench/README.md, "Startup"): the bench's echo servers with
# no agent and with each agent jar given, interleaved in a rotating order, several rounds, median and range.
#   ./bench/startup.sh                                            # no agent vs agent/target/wsaudit-agent.jar
#   ./bench/startup.sh --rounds 7 --servers UNDERTOW,JETTY --jar before=/tmp/before.jar --jar after=agent/target/wsaudit-agent.jar
#   BENCH_SKIP_BUILD=1 ./bench/startup.sh ...
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${BENCH_SKIP_BUILD:-}" ]]; then
  ./mvnw -B -q -pl bench,agent -am package -DskipTests
fi
args=("$@")
if [[ ! " ${args[*]:-} " =~ " --jar " ]]; then
  args+=(--jar "wsaudit=agent/target/wsaudit-agent.jar")
fi
cp="bench/target/classes:$(cat bench/target/classpath.txt)"
exec java -cp "$cp" -Dbench.server.classpath="$cp" io.wsaudit.bench.StartupBench "${args[@]}"
