package io.wsaudit.bench.operator;

import java.time.Duration;
import java.util.Locale;

/** Sizes and durations of one mode of the operator bench ({@link OperatorBench}). */
public record OperatorPlan(
    String mode,
    int ingestReps,
    Duration warmup,
    Duration phase,
    int workers,
    int batchSize,
    int latencyReps,
    int minConnections,
    int heapReps,
    int apps,
    int podsPerApp,
    int namespaces,
    Duration interval,
    Duration settleAtMost) {
  public static OperatorPlan quick() {
    return new OperatorPlan(
        "quick",
        1,
        Duration.ofSeconds(2),
        Duration.ofSeconds(3),
        4,
        512,
        3,
        5,
        1,
        1_000,
        5,
        20,
        Duration.ofSeconds(5),
        Duration.ofSeconds(40));
  }

  public static OperatorPlan full() {
    // One heap repetition: a fork with 50k Pods takes minutes to sync here, and its reading
    // barely varies.
    return new OperatorPlan(
        "full",
        3,
        Duration.ofSeconds(5),
        Duration.ofSeconds(5),
        4,
        512,
        10,
        5,
        1,
        10_000,
        5,
        100,
        Duration.ofSeconds(5),
        // 50k Pods: readings still swung between ~180 and ~330 MB after 60 s (2026-12-03).
        Duration.ofSeconds(180));
  }

  String describe() {
    return String.format(
        Locale.ROOT,
        "ingestion: %d repetition(s), each %d s per receiver and encoding after a "
            + "%d s warm-up, %d client connections, batches of %d spans; threshold → patch: %d repetition(s), "
            + "minConnections %d; heap: %d repetition(s), %d Ingresses and %d Pods in %d namespaces",
        ingestReps,
        phase.toSeconds(),
        warmup.toSeconds(),
        workers,
        batchSize,
        latencyReps,
        minConnections,
        heapReps,
        apps,
        apps * podsPerApp,
        namespaces);
  }
}
