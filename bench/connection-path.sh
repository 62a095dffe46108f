#!/usr/bin/env bash
# The connection-path microbenchmark (JMH): what one WebSocket connection costs the agent itself: handshake decision
# and span, close decision and span, batching and the real OTLP exporter's encoding into a discarding sender, per
# memory mode, and without export (bench/README.md, "Where the time goes").
#   ./bench/connection-path.sh                      # 1 fork x 5 x 2 s per parameter set, with -prof gc (~2 min)
#   ./bench/connection-path.sh -f 1 -i 3 -prof gc   # any JMH options replace the default ones
exec "$(dirname "$0")/jmh.sh" ConnectionPathBenchmark "$@"
