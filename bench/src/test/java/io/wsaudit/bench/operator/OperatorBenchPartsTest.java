package io.wsaudit.bench.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.wsaudit.bench.OtlpSink;
import io.wsaudit.bench.ResultsFile;
import io.wsaudit.contract.WsAuditSpans;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator half's parts, each briefly against the real thing: real operator, real mock API
 * server.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OperatorBenchPartsTest {

  @Test
  void spanMixIsFivePercentWsauditInBatchesOf512_protobufAndGzipAlike() throws Exception {
    SpanMix.Batch b =
        new SpanMix(1, "shop", "shop-api-0", "shop.example.com", "1.1", 30_000)
            .batches(1, 512)
            .get(0);
    ExportTraceServiceRequest req = ExportTraceServiceRequest.parseFrom(b.protobuf());
    List<ScopeSpans> scopes = req.getResourceSpans(0).getScopeSpansList();
    int all = scopes.stream().mapToInt(ScopeSpans::getSpansCount).sum();
    int ours =
        scopes.stream()
            .filter(s -> s.getScope().getName().equals(WsAuditSpans.SCOPE_NAME))
            .mapToInt(ScopeSpans::getSpansCount)
            .sum();
    assertThat(all).isEqualTo(512).isEqualTo(b.spans());
    assertThat(ours).isEqualTo(26).isEqualTo(b.wsauditSpans());
    assertThat(scopes).hasSize(4);
    // Other instrumentations carry their usual attribute counts (HTTP server span: 15).
    assertThat(scopes.get(0).getSpans(0).getAttributesCount()).isGreaterThanOrEqualTo(12);
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(b.gzip()))) {
      assertThat(in.readAllBytes()).isEqualTo(b.protobuf());
    }
  }

  @Test
  void ingestion_operatorCountsEverySpanItAcknowledged_andTheSinkBaselineCountsToo()
      throws Exception {
    try (IngestBench bench = new IngestBench(4, 512)) {
      for (boolean gzip : List.of(false, true)) {
        IngestBench.Run op = bench.phase("operator", gzip, 0, 2, Duration.ofSeconds(1));
        assertThat(op.load().failed()).isZero();
        assertThat(op.load().requests()).isPositive();
        assertThat(op.counted().spansReceived()).isEqualTo((double) op.load().spans());
        assertThat(op.counted().wsauditSpans()).isEqualTo((double) op.load().wsauditSpans());
        assertThat(op.counted().uncorrelated()).isZero();
        assertThat(op.counted().rejected()).isZero();
        IngestBench.Run sink = bench.phase("sink", gzip, 0, 2, Duration.ofSeconds(1));
        assertThat(sink.load().failed()).isZero();
        assertThat(sink.counted().spansReceived()).isEqualTo((double) sink.load().spans());
        assertThat(sink.counted().wsauditSpans()).isEqualTo((double) sink.load().wsauditSpans());
      }
    }
  }

  @Test
  void thresholdToPatch_patchesOncePerRepetition_onlyAtTheThreshold() throws Exception {
    try (PatchLatencyBench bench = new PatchLatencyBench(3)) {
      OpsMetrics before = bench.operatorCounts();
      for (int rep = 0; rep < 2; rep++) {
        PatchLatencyBench.Run r = bench.repetition(rep);
        assertThat(r.thresholdToEventMs()).isBetween(0.0, 30_000.0);
        assertThat(r.baselineEventMs()).isBetween(0.0, 30_000.0);
        assertThat(r.baselinePatchMs()).isPositive();
      }
      OpsMetrics counted = bench.operatorCounts().minus(before);
      assertThat(counted.patches()).isEqualTo(2.0);
      assertThat(counted.uncorrelated()).isZero();
    }
  }

  @Test
  void heap_forkedOperatorSyncsTheCluster_andItsHeapIsRead(@TempDir Path dir) throws Exception {
    Path jar = Path.of("../operator/target/wsaudit-operator.jar");
    assertThat(jar)
        .as("build it: ./mvnw -B -q -o install -DskipTests -pl contract,operator")
        .isRegularFile();
    try (ForkedMockCluster cluster =
            ForkedMockCluster.start(40, 5, 4, "512m", dir, Duration.ofMinutes(5));
        KubernetesClient client =
            new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(cluster.kubeconfig())))
                .build()) {
      assertThat(cluster.population().pods()).isEqualTo(200);
      assertThat(cluster.population().podJsonBytes()).isGreaterThan(3_000);
      // The bulk-created objects are served like created ones, from the mock's own JVM.
      assertThat(client.pods().inAnyNamespace().list().getItems())
          .hasSize(200)
          .allSatisfy(p -> assertThat(p.getStatus().getPodIP()).isNotBlank());
      HeapBench.Run run =
          new HeapBench(jar, List.of("-Xmx256m"))
              .measure(
                  cluster.kubeconfig(),
                  0,
                  40,
                  200,
                  true,
                  Duration.ofMillis(200),
                  Duration.ofSeconds(10));
      assertThat(run.readingsMb()).isNotEmpty();
      assertThat(run.heapUsedMb()).isBetween(1.0, 256.0);
      assertThat(run.readyMs()).isPositive();
      // The forked operator's caches hold what the cluster has: of each Pod its correlation facts.
      assertThat(count(run, "io.wsaudit.operator.correlation.PodFacts"))
          .isGreaterThanOrEqualTo(200);
      assertThat(count(run, "io.fabric8.kubernetes.api.model.networking.v1.Ingress"))
          .isGreaterThanOrEqualTo(40);
      assertThat(count(run, "io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice"))
          .isGreaterThanOrEqualTo(40);
    }
  }

  private static long count(HeapBench.Run run, String cls) {
    return run.histogram().largest(Integer.MAX_VALUE).stream()
        .filter(r -> r[0].equals(cls))
        .mapToLong(r -> (long) r[1])
        .sum();
  }

  @Test
  void reportGivesVerdicts_andTheOperatorSectionSurvivesAnAgentRewrite(@TempDir Path dir)
      throws Exception {
    OperatorPlan plan = OperatorPlan.quick();
    OpsMetrics none = new OpsMetrics(0, 0, 0, 0, 0);
    List<IngestBench.Run> ingest =
        List.of(
            new IngestBench.Run(
                "operator", false, 0, new OtlpLoad.Result(100, 51_200, 2_600, 0, 1.0), none),
            new IngestBench.Run(
                "sink", false, 0, new OtlpLoad.Result(400, 204_800, 10_400, 0, 1.0), none));
    List<PatchLatencyBench.Run> latency =
        List.of(
            new PatchLatencyBench.Run(0, 40, 3, 20, 21),
            new PatchLatencyBench.Run(1, 1_400, 3, 20, 22));
    HeapBench.Population pop =
        new HeapBench.Population(1_000, 5_000, 1_000, 1_000, 5_800, 700, 480, 1_900, 6);
    List<HeapBench.Run> empty =
        List.of(new HeapBench.Run(0, 0, 0, 3_000, 30, 25, List.of(31.0, 30.0), null));
    List<HeapBench.Run> full =
        List.of(new HeapBench.Run(0, 1_000, 5_000, 9_000, 70, 60, List.of(90.0, 70.0), null));
    OperatorBench.Results r =
        new OperatorBench.Results(
            plan, ingest, latency, new OpsMetrics(0, 0, 0, 0, 2), pop, empty, full);
    String md =
        OperatorReport.section(
            r, "./bench/run.sh --parts operator", Instant.now(), Instant.now(), "0", "0");
    assertThat(md)
        .contains(
            "## Operator",
            "| 51,200 |",
            "counting sink 204,800 (operator ×0.25)",
            "**missed** (×0.31 of the ratio target)",
            "median 720, p90 1400, max 1400",
            "**missed** (max 1.40× the target)",
            "| heap in use after full GC, 1,000 Ingresses + 5,000 Pods cached (MB) | ≤ 256 | 70 | empty cluster 30 | met");
    assertThat(OperatorReport.headline(r)).hasSize(3);

    Path results = dir.resolve("RESULTS.md");
    Files.writeString(results, "# agent results\n\ntable\n");
    ResultsFile.writeOperatorSection(results, md);
    ResultsFile.writeOperatorSection(results, md.replace("## Operator", "## Operator again"));
    assertThat(Files.readString(results))
        .startsWith("# agent results\n\ntable\n\n")
        .contains("## Operator again")
        .doesNotContain("## Operator\n");
    ResultsFile.writeAgentHalf(results, "# agent results, rerun\n");
    assertThat(Files.readString(results))
        .startsWith("# agent results, rerun\n\n" + ResultsFile.OPERATOR_BEGIN)
        .contains("## Operator again")
        .endsWith(ResultsFile.OPERATOR_END + "\n");
  }

  @Test
  void sinkWithSeveralThreadsCountsLikeTheSingleThreadedOne() throws Exception {
    try (OtlpSink sink = new OtlpSink(4)) {
      SpanMix.Batch b = new SpanMix(3, "shop", "p", "h", "1.1", 30_000).batch(100, 10);
      OtlpLoad.Result r =
          OtlpLoad.run(
              sink.endpoint() + "/v1/traces", List.of(b), false, 3, Duration.ofMillis(500));
      assertThat(r.failed()).isZero();
      assertThat(sink.wsauditSpans()).isEqualTo(r.wsauditSpans()).isEqualTo(r.requests() * 10);
      assertThat(sink.otherSpans()).isEqualTo(r.requests() * 90);
    }
  }
}
