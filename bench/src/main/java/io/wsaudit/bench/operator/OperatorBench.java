package io.wsaudit.bench.operator;

import static io.wsaudit.bench.Machine.loadAverage;
import static io.wsaudit.bench.Machine.log;

import io.wsaudit.bench.ResultsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The operator half of the bench: OTLP/HTTP ingestion rate, time from evidence threshold to Ingress
 * patch, heap with a large cluster in the caches — each beside a baseline measured in the same run
 * — then the "Operator" section of {@code RESULTS.md}. Run it through {@code bench/run.sh --parts
 * operator}.
 */
public final class OperatorBench {

  /**
   * The forked mock's heap: it holds every object's JSON (~350 MB for the full cluster) and renders
   * the 50k-Pod list whole (~300 MB, twice while it grows) before cutting its pages.
   */
  static final String MOCK_HEAP = "4g";

  /**
   * The forked operator's request timeout (Fabric8's default is 10 s): the mock renders the whole
   * 50k-Pod list before cutting its first page, which took longer than that on this shared machine
   * (the operator's first list timed out and it exited); a real API server answers a page from its
   * watch cache.
   */
  static final String MOCK_LIST_TIMEOUT = "-Dkubernetes.request.timeout=120000";

  /** Everything one run measured (lists empty for parts not run). */
  public record Results(
      OperatorPlan plan,
      List<IngestBench.Run> ingest,
      List<PatchLatencyBench.Run> latency,
      OpsMetrics latencyCounts,
      HeapBench.Population population,
      List<HeapBench.Run> heapEmpty,
      List<HeapBench.Run> heapFull) {}

  private OperatorBench() {}

  public static void main(String[] args) throws Exception {
    boolean quick = false;
    Set<String> parts = new LinkedHashSet<>(List.of("ingest", "latency", "heap", "logs"));
    Path out = Path.of("bench/RESULTS.md");
    Path jar = Path.of("operator/target/wsaudit-operator.jar");
    String command = "./bench/run.sh --parts operator";
    Integer reps = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--operator-parts" -> parts = new LinkedHashSet<>(Arrays.asList(args[++i].split(",")));
        case "--reps" -> reps = Integer.parseInt(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        case "--operator-jar" -> jar = Path.of(args[++i]);
        case "--command" -> command = args[++i];
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    OperatorPlan plan = quick ? OperatorPlan.quick() : OperatorPlan.full();
    if (reps != null) {
      plan =
          new OperatorPlan(
              plan.mode(),
              reps,
              plan.warmup(),
              plan.phase(),
              plan.workers(),
              plan.batchSize(),
              Math.max(reps, plan.latencyReps()),
              plan.minConnections(),
              Math.min(reps, plan.heapReps()),
              plan.apps(),
              plan.podsPerApp(),
              plan.namespaces(),
              plan.interval(),
              plan.settleAtMost());
    }
    if (parts.contains("heap") && !Files.isRegularFile(jar)) {
      throw new IllegalStateException("missing " + jar + " (bench/run.sh builds it)");
    }
    if (parts.stream().anyMatch(p -> !p.equals("logs"))) {
      Instant started = Instant.now();
      String loadBefore = loadAverage();
      Results r = run(plan, parts, jar);
      String section =
          OperatorReport.section(r, command, started, Instant.now(), loadBefore, loadAverage());
      ResultsFile.writeOperatorSection(out, section);
      log("wrote the Operator section of " + out);
      OperatorReport.headline(r).forEach(l -> System.out.println(l));
    }
    if (parts.contains("logs")) {
      // A section of its own, so that it can be rerun without the half-hour of the others.
      Instant started = Instant.now();
      String loadBefore = loadAverage();
      log("proxy-log ingestion: operator as wired vs counting sink");
      List<LogIngestBench.Run> logs = LogIngestBench.measure(plan, OperatorBench::logRun);
      ResultsFile.writeSection(
          out,
          ResultsFile.PROXY_LOGS,
          LogIngestReport.section(
              logs, plan, command, started, Instant.now(), loadBefore, loadAverage()));
      log("wrote the proxy-log ingestion section of " + out);
      LogIngestReport.headline(logs).forEach(l -> System.out.println(l));
    }
    System.exit(0);
  }

  private static void logRun(LogIngestBench.Run run) {
    log(
        String.format(
            Locale.ROOT,
            "  rep %d %-8s %,.0f lines/s (%d requests, %d failed), counted %,.0f received / %,.0f"
                + " skipped / %,.0f read by the collector",
            run.rep(),
            run.target(),
            run.load().spansPerSecond(),
            run.load().requests(),
            run.load().failed(),
            run.received(),
            run.skipped(),
            run.read()));
  }

  public static Results run(OperatorPlan plan, Set<String> parts, Path jar) throws Exception {
    List<IngestBench.Run> ingest = new ArrayList<>();
    List<PatchLatencyBench.Run> latency = new ArrayList<>();
    OpsMetrics latencyCounts = null;
    HeapBench.Population population = null;
    List<HeapBench.Run> empty = new ArrayList<>();
    List<HeapBench.Run> full = new ArrayList<>();
    if (parts.contains("ingest")) {
      log("ingestion: operator receiver vs counting sink");
      try (IngestBench b = new IngestBench(64, plan.batchSize())) {
        // Discarded: JIT and connections warm on both sides before anything is measured.
        b.repetition(0, plan.workers(), plan.warmup());
        for (int rep = 0; rep < plan.ingestReps(); rep++) {
          for (IngestBench.Run run : b.repetition(rep, plan.workers(), plan.phase())) {
            log(
                String.format(
                    Locale.ROOT,
                    "  rep %d %-8s %-8s %,.0f spans/s (%d requests, %d failed), counted %,.0f "
                        + "received / %,.0f wsaudit / %,.0f uncorrelated",
                    rep,
                    run.target(),
                    run.gzip() ? "gzip" : "protobuf",
                    run.load().spansPerSecond(),
                    run.load().requests(),
                    run.load().failed(),
                    run.counted().spansReceived(),
                    run.counted().wsauditSpans(),
                    run.counted().uncorrelated()));
            ingest.add(run);
          }
        }
      }
    }
    if (parts.contains("latency")) {
      log("threshold → patch: operator vs plain merge patch");
      try (PatchLatencyBench b = new PatchLatencyBench(plan.minConnections())) {
        b.repetition(-1); // discarded warm-up
        OpsMetrics before = b.operatorCounts();
        for (int rep = 0; rep < plan.latencyReps(); rep++) {
          PatchLatencyBench.Run run = b.repetition(rep);
          log(
              String.format(
                  Locale.ROOT,
                  "  rep %d threshold→patch event %.1f ms (send returned %.1f ms); "
                      + "baseline patch %.1f ms, its event %.1f ms",
                  rep,
                  run.thresholdToEventMs(),
                  run.sendReturnedMs(),
                  run.baselinePatchMs(),
                  run.baselineEventMs()));
          latency.add(run);
        }
        latencyCounts = b.operatorCounts().minus(before);
      }
    }
    if (parts.contains("heap")) {
      HeapBench heap = new HeapBench(jar, List.of(MOCK_LIST_TIMEOUT));
      HeapBench.Population[] none = new HeapBench.Population[1];
      log("heap: populating the mock API server (a JVM of its own for the large cluster)");
      Path dir = Files.createTempDirectory("opbench");
      try (ForkedMockCluster big =
              ForkedMockCluster.start(
                  plan.apps(),
                  plan.podsPerApp(),
                  plan.namespaces(),
                  MOCK_HEAP,
                  dir,
                  Duration.ofMinutes(30));
          MockCluster small = HeapBench.cluster(0, plan.podsPerApp(), plan.namespaces(), none)) {
        population = big.population();
        log(
            String.format(
                Locale.ROOT,
                "  %d Ingresses, %d Pods, %d Services, %d EndpointSlices in %.1f s",
                population.ingresses(),
                population.pods(),
                population.services(),
                population.slices(),
                population.seconds()));
        Path smallKubeconfig = small.kubeconfig(Files.createTempDirectory(dir, "small"));
        for (int rep = 0; rep < plan.heapReps(); rep++) {
          // Interleaved, the order alternating: empty, full; full, empty; ...
          for (boolean isFull : rep % 2 == 0 ? List.of(false, true) : List.of(true, false)) {
            HeapBench.Run run =
                heap.measure(
                    isFull ? big.kubeconfig() : smallKubeconfig,
                    rep,
                    isFull ? population.ingresses() : 0,
                    isFull ? population.pods() : 0,
                    rep == 0,
                    plan.interval(),
                    plan.settleAtMost());
            log(
                String.format(
                    Locale.ROOT,
                    "  rep %d %-5s ready in %.1f s, heap in use after GC %.1f MB "
                        + "(live objects %.1f MB; readings %s)",
                    rep,
                    isFull ? "full" : "empty",
                    run.readyMs() / 1e3,
                    run.heapUsedMb(),
                    run.liveMb(),
                    OperatorReport.readings(run)));
            (isFull ? full : empty).add(run);
          }
        }
      }
    }
    return new Results(plan, ingest, latency, latencyCounts, population, empty, full);
  }
}
