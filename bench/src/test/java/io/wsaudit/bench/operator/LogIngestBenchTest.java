package io.wsaudit.bench.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.wsaudit.bench.ResultsFile;
import io.wsaudit.operator.proxy.ingressnginx.LogFormats;
import io.wsaudit.operator.proxy.nginx.log.AccessLogEntry;
import io.wsaudit.operator.proxy.nginx.log.AccessLogFormat;
import io.wsaudit.operator.proxy.nginx.log.LogParse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The proxy-log ingestion part of the operator bench: its mix, both receivers, its section. */
@Timeout(180)
class LogIngestBenchTest {

  @Test
  void theMixIsFivePercentUpgradeLinesThatTheOperatorsParserReads_inBatchesOf512To8192()
      throws Exception {
    AccessLogFormat format = LogFormats.of(Map.of()).format();
    List<SpanMix.Batch> batches = LogMix.batches(3, 5);
    assertThat(batches)
        .extracting(SpanMix.Batch::spans)
        .containsExactly(512, 1024, 2048, 4096, 8192);
    for (SpanMix.Batch b : batches) {
      List<LogRecord> records =
          ExportLogsServiceRequest.parseFrom(b.protobuf())
              .getResourceLogs(0)
              .getScopeLogs(0)
              .getLogRecordsList();
      assertThat(records).hasSize(b.spans());
      List<AccessLogEntry> entries = new ArrayList<>();
      for (LogRecord r : records) {
        String body = r.getBody().getStringValue();
        assertThat(body).endsWith("\n");
        LogParse parsed = format.parse(body.substring(0, body.length() - 1));
        assertThat(parsed).as(body).isInstanceOf(LogParse.Parsed.class);
        entries.add(((LogParse.Parsed) parsed).entry());
      }
      List<AccessLogEntry> upgrades = entries.stream().filter(AccessLogEntry::upgraded).toList();
      assertThat(upgrades)
          .hasSize(b.wsauditSpans())
          .hasSize((int) Math.round(b.spans() * 0.05))
          .allSatisfy(
              e -> {
                assertThat(e.requestTimeMs()).isGreaterThanOrEqualTo(2);
                assertThat(e.upstreamStatus()).isEqualTo(101);
                assertThat(e.requestId()).hasSize(32);
              });
    }
    assertThat(batches.get(4).protobuf().length).isLessThan(4 * 1024 * 1024);
  }

  @Test
  void bothReceiversCountEveryLineTheyAcknowledged() throws Exception {
    try (LogIngestBench bench = new LogIngestBench(5)) {
      for (String target : List.of("operator", "counting")) {
        LogIngestBench.Run r = bench.phase(target, 0, 2, Duration.ofSeconds(1));
        assertThat(r.load().failed()).isZero();
        assertThat(r.load().requests()).isPositive();
        assertThat(r.received()).isEqualTo((double) r.load().spans());
        assertThat(r.skipped()).isZero();
        if (target.equals("operator")) {
          assertThat(r.read()).as("every line read by ProxyLogCollector").isEqualTo(r.received());
        }
      }
    }
  }

  @Test
  void theSectionGivesTheVerdictAndThePath_andSurvivesTheOtherWriters(@TempDir Path dir)
      throws Exception {
    List<LogIngestBench.Run> runs =
        List.of(
            operatorRun(150_000),
            new LogIngestBench.Run(
                "counting", 0, new OtlpLoad.Result(100, 200_000, 10_000, 0, 1.0), 200_000, 0, 0));
    String md =
        LogIngestReport.section(
            runs,
            OperatorPlan.quick(),
            "./bench/run.sh --parts operator --operator-parts logs",
            Instant.now(),
            Instant.now(),
            "0",
            "0");
    assertThat(md)
        .contains(
            "## Operator: proxy-log ingestion",
            "| 150,000 | 200,000 (operator ×0.75) | met (×1.50 of target) |",
            "path measured: the operator's whole path as wired");
    List<LogIngestBench.Run> cutShort = List.of(operatorRun(90_000));
    assertThat(LogIngestReport.pathMeasured(cutShort))
        .contains("only 90000 of 150000 lines reached `ProxyLogCollector`");
    assertThat(LogIngestReport.headline(runs)).singleElement().asString().endsWith("met");

    Path results = dir.resolve("RESULTS.md");
    Files.writeString(results, "# agent results\n");
    ResultsFile.writeSection(results, ResultsFile.PROXY_LOGS, md);
    ResultsFile.writeOperatorSection(results, "## Operator\n");
    ResultsFile.writeAgentHalf(results, "# agent results, rerun\n");
    String written = Files.readString(results);
    assertThat(written)
        .startsWith("# agent results, rerun\n\n")
        .contains("## Operator\n", "## Operator: proxy-log ingestion")
        .endsWith(ResultsFile.PROXY_LOGS.end() + "\n");
    assertThat(written.indexOf(ResultsFile.OPERATOR_BEGIN))
        .isLessThan(written.indexOf(ResultsFile.PROXY_LOGS.begin()));
  }

  /** The operator's run of 150,000 lines at 150,000 lines/s, {@code read} of them read. */
  private static LogIngestBench.Run operatorRun(double read) {
    return new LogIngestBench.Run(
        "operator", 0, new OtlpLoad.Result(100, 150_000, 7_500, 0, 1.0), 150_000, 0, read);
  }
}
