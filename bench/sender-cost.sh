#!/usr/bin/env bash
# What each OTLP/HTTP sender costs per span, off the exporting application's threads (bench/README.md, "Where the
# time goes", section 3): the SDK's OkHttp sender (what the agent ships) and its JDK HttpClient sender.
#   ./bench/sender-cost.sh            # both senders, 3 rounds of 10 s each at 4,000 spans/s
#   BENCH_SKIP_BUILD=1 ./bench/sender-cost.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${BENCH_SKIP_BUILD:-}" ]]; then
  ./mvnw -B -q -pl agent -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
fi
cp="agent/target/test-classes:agent/target/classes:$(cat agent/target/test-classpath.txt)"
for provider in io.opentelemetry.exporter.sender.okhttp.internal.OkHttpHttpSenderProvider \
  io.opentelemetry.exporter.sender.jdk.internal.JdkHttpSenderProvider; do
  java -cp "$cp" io.wsaudit.agent.telemetry.SenderCost "$provider" "${SPANS_PER_SECOND:-4000}"
done
