package io.wsaudit.bench.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.wsaudit.bench.ResultsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The proxy-log ingestion part of the operator bench: its mix, both receivers, its section. */
@Timeout(180)
class LogIngestBenchTest {

  /** ingress-nginx's default log-format-upstream, field by field. */
  private static final Pattern DEFAULT_FORMAT =
      Pattern.compile(
          "\\S+ - \\S+ \\[\\d{2}/\\w{3}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000] \"\\w+ \\S+ HTTP/[\\d.]+\""
              + " (\\d{3}) \\d+ \"[^\"]*\" \"[^\"]*\" \\d+ ([\\d.]+) \\[[\\w-]+] \\[] [\\d.:]+ \\d+"
              + " ([\\d.]+) (\\d{3}) [0-9a-f]{32}\n");

  @Test
  void theMixIsFivePercentUpgradeLinesInTheDefaultFormat_inBatchesOf512To8192() throws Exception {
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
      long upgrades =
          records.stream()
              .map(r -> DEFAULT_FORMAT.matcher(r.getBody().getStringValue()))
              .peek(m -> assertThat(m.matches()).isTrue())
              .filter(m -> m.group(1).equals("101"))
              .peek(m -> assertThat(m.group(4)).isEqualTo("101"))
              .count();
      assertThat(upgrades).isEqualTo(b.wsauditSpans()).isEqualTo(Math.round(b.spans() * 0.05));
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
      }
    }
  }

  @Test
  void theSectionGivesTheVerdictAndThePath_andSurvivesTheOtherWriters(@TempDir Path dir)
      throws Exception {
    List<LogIngestBench.Run> runs =
        List.of(
            new LogIngestBench.Run(
                "operator",
                0,
                new OtlpLoad.Result(100, 150_000, 7_500, 0, 1.0),
                150_000,
                0,
                150_000),
            new LogIngestBench.Run(
                "counting", 0, new OtlpLoad.Result(100, 200_000, 10_000, 0, 1.0), 200_000, 0, 0));
    String md =
        LogIngestReport.section(
            runs,
            OperatorBench.Plan.quick(),
            "./bench/run.sh --parts operator --operator-parts logs",
            Instant.now(),
            Instant.now(),
            "0",
            "0");
    assertThat(md)
        .contains(
            "## Operator: proxy-log ingestion",
            "| 150,000 | 200,000 (operator ×0.75) | met (×1.50 of target) |",
            "discarding `LogLineSink`");
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
}
