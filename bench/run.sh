#!/usr/bin/env bash
# The wsaudit bench: builds what it needs, then writes bench/RESULTS.md.
#   ./bench/run.sh           full run: the agent half (3 interleaved repetitions, 10k held connections; ~15 min on
#                            2 cores), then the operator half (~8 min)
#   ./bench/run.sh --quick   smoke check (1 repetition, short phases, 1k connections, a 5k-Pod cluster; ~4 min)
#   --parts agent,operator   which halves to run (default both); the operator half rewrites only its own section
#                            of RESULTS.md, the agent half keeps that section when it rewrites the rest
#   --operator-parts ingest,latency,heap,logs   which operator measurements (default all)
# Other arguments go to io.wsaudit.bench.BenchMain (agent half): --reps N, --connections N,
# --servers UNDERTOW,JETTY, --setups NONE,WSAUDIT,OTEL,BOTH, --budget-minutes M (no repetition starts that would
# end past it), --out FILE (both halves).
# --server-jvm-args "..."   JVM options for every forked server (space-separated), e.g. a JFR recording:
#                            "-XX:StartFlightRecording:delay=4s,duration=6s,settings=profile,filename=/tmp/s-{fork}.jfr"
# BENCH_SKIP_BUILD=1 skips the Maven build (the jars must already be there).
# Traffic stays on 127.0.0.1; every phase is bounded in time and count.
set -euo pipefail
cd "$(dirname "$0")/.."

parts=agent,operator
agent_args=()
operator_args=()
server_jvm_args=
all_args=("$@")
while [[ $# -gt 0 ]]; do
  case "$1" in
    --parts) parts=$2; shift 2 ;;
    --operator-parts) operator_args+=(--operator-parts "$2"); shift 2 ;;
    --quick) agent_args+=(--quick); operator_args+=(--quick); shift ;;
    --out) agent_args+=(--out "$2"); operator_args+=(--out "$2"); shift 2 ;;
    --server-jvm-args) server_jvm_args=$2; shift 2 ;;
    *) agent_args+=("$1"); shift ;;
  esac
done
run_agent=false
run_operator=false
[[ ",$parts," == *,agent,* ]] && run_agent=true
[[ ",$parts," == *,operator,* ]] && run_operator=true
command="${BENCH_SKIP_BUILD:+BENCH_SKIP_BUILD=1 }./bench/run.sh ${all_args[*]}"
java=${JAVA_HOME:+$JAVA_HOME/bin/}java

if [[ "${BENCH_SKIP_BUILD:-}" != 1 ]]; then
  modules=contract,testkit
  $run_agent && modules+=,agent
  $run_operator && modules+=,operator
  # One reactor build: nothing goes to ~/.m2 (a fresh machine has no parent POM there to resolve the
  # modules against).
  ./mvnw -B -q package -DskipTests -DskipITs -pl "$modules,bench" -am
fi

if $run_operator && ! $run_agent; then
  exec "$java" -Xmx4g -cp "bench/target/classes:$(cat bench/target/operator-classpath.txt)" \
    io.wsaudit.bench.operator.OperatorBench --command "$command" \
    --operator-jar operator/target/wsaudit-operator.jar ${operator_args[@]+"${operator_args[@]}"}
fi

# 10k held connections need 10k descriptors in the bench JVM and in the server; keep a margin.
limit=$(ulimit -n)
max_connections=10000
if [[ "$limit" != unlimited && "$limit" -lt 11000 ]]; then
  max_connections=$(( limit - 1000 ))
  echo "ulimit -n is $limit: holding at most $max_connections connections instead of 10000" >&2
fi

cp="bench/target/classes:$(cat bench/target/classpath.txt)"
"$java" -Xmx2g \
  -Dbench.server.classpath="$cp" \
  -Dbench.ulimit="$limit" \
  -Dbench.uptime="$(uptime)" \
  -Dbench.server.jvm.args="$server_jvm_args" \
  -cp "$cp" io.wsaudit.bench.BenchMain \
  --max-connections "$max_connections" \
  --command "$command" \
  --wsaudit-jar agent/target/wsaudit-agent.jar \
  --otel-jar bench/target/agents/opentelemetry-javaagent.jar \
  ${agent_args[@]+"${agent_args[@]}"}

if $run_operator; then
  # A JVM of its own, after the agent half: the operator half's class path (operator, mock server) stays off the
  # agent half's, and the two never share the machine.
  "$java" -Xmx4g -cp "bench/target/classes:$(cat bench/target/operator-classpath.txt)" \
    io.wsaudit.bench.operator.OperatorBench --command "$command" \
    --operator-jar operator/target/wsaudit-operator.jar ${operator_args[@]+"${operator_args[@]}"}
fi
