#!/usr/bin/env bash
# The frame-hook microbenchmark (JMH): what one frame costs in the agent's hook path, FrameActivities lookup +
# FrameActivity timestamp store, and its parts alone (bench/README.md).
#   ./bench/frame-hook.sh                      # 2 forks x 5 s measured per benchmark, with -prof gc (~2 min)
#   ./bench/frame-hook.sh -f 1 -i 3 -prof gc   # any JMH options replace the default ones
exec "$(dirname "$0")/jmh.sh" FrameHookBenchmark "$@"
