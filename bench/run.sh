#!/usr/bin/env bash
# The wsaudit agent bench: builds what it needs, then writes bench/RESULTS.md.
#   ./bench/run.sh           full run (3 interleaved repetitions, 10k held connections; ~15 min on 2 cores)
#   ./bench/run.sh --quick   smoke check (1 repetition, short phases, 1k connections; ~2 min)
# Extra arguments go to io.wsaudit.bench.BenchMain: --reps N, --connections N, --servers UNDERTOW,JETTY,
# --setups NONE,WSAUDIT,OTEL,BOTH, --budget-minutes M (no repetition starts that would end past it), --out FILE.
# BENCH_SKIP_BUILD=1 skips the Maven build (the jars must already be there).
# Traffic stays on 127.0.0.1; every phase is bounded in time and count.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${BENCH_SKIP_BUILD:-}" != 1 ]]; then
  ./mvnw -B -q install -DskipTests -pl contract,agent
  ./mvnw -B -q package -DskipTests -pl bench
fi

# 10k held connections need 10k descriptors in the bench JVM and in the server; keep a margin.
limit=$(ulimit -n)
max_connections=10000
if [[ "$limit" != unlimited && "$limit" -lt 11000 ]]; then
  max_connections=$(( limit - 1000 ))
  echo "ulimit -n is $limit: holding at most $max_connections connections instead of 10000" >&2
fi

java=${JAVA_HOME:+$JAVA_HOME/bin/}java
cp="bench/target/classes:$(cat bench/target/classpath.txt)"
exec "$java" -Xmx2g \
  -Dbench.server.classpath="$cp" \
  -Dbench.ulimit="$limit" \
  -Dbench.uptime="$(uptime)" \
  -cp "$cp" io.wsaudit.bench.BenchMain \
  --max-connections "$max_connections" \
  --command "${BENCH_SKIP_BUILD:+BENCH_SKIP_BUILD=1 }./bench/run.sh $*" \
  --wsaudit-jar agent/target/wsaudit-agent.jar \
  --otel-jar bench/target/agents/opentelemetry-javaagent.jar \
  "$@"
