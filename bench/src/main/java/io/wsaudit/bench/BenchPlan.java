package io.wsaudit.bench;

import java.time.Duration;
import java.util.Locale;

/** Durations and sizes of one bench mode (quick or full), after the command line's overrides. */
record BenchPlan(
    String mode,
    int reps,
    Duration warmup,
    Duration loop,
    Duration echo,
    Duration latency,
    int latencySamples,
    int connections,
    int holdReps) {
  static BenchPlan quick() {
    return new BenchPlan(
        "quick",
        1,
        Duration.ofSeconds(1),
        Duration.ofSeconds(2),
        Duration.ofSeconds(2),
        Duration.ofSeconds(1),
        300,
        1_000,
        1);
  }

  static BenchPlan full() {
    // Up to 5 repetitions, as many as the time budget allows; the held-connections phase (slow,
    // and steady from one repetition to the next) only in the first two. A fresh server's JIT
    // compiles for ~16 s (no agent) to ~20 s (wsaudit) of this load, and with a 6 s warm-up the
    // compiler threads were 38-61 % of the measured window's CPU (bench/README.md, "Where the time
    // goes"): 20 s of warm-up, then 5 s measured.
    return new BenchPlan(
        "full",
        5,
        Duration.ofSeconds(20),
        Duration.ofSeconds(5),
        Duration.ofSeconds(3),
        Duration.ofSeconds(2),
        3_000,
        10_000,
        2);
  }

  /** The plan in words, for RESULTS.md. */
  String describe() {
    BenchPlan p = this;
    return String.format(
        Locale.ROOT,
        "up to %d repetition(s) within the time budget; per run: warm-up %ds, connection loop %ds (4 workers), "
            + "echo %ds (100 connections, one message in flight each), handshake latency %ds or %d samples "
            + "(1 worker), then %d connections held open for the heap reading (in the first %d repetition(s))",
        p.reps(),
        p.warmup().toSeconds(),
        p.loop().toSeconds(),
        p.echo().toSeconds(),
        p.latency().toSeconds(),
        p.latencySamples(),
        p.connections(),
        p.holdReps());
  }
}
