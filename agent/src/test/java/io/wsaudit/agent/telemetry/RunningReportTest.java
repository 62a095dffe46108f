package io.wsaudit.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunningReportTest {

  @Test
  void reportsOnlyNewLossesAndNeverSpansThatMayStillWait() {
    SpanCounters counters = new SpanCounters();
    RunningReport report = new RunningReport(counters, 10);
    counters.emitted.addAndGet(10); // all ten may still be queued: not a loss
    assertThat(report.lossLine()).isNull();

    counters.exportFailed.addAndGet(3);
    counters.emitted.addAndGet(25);
    assertThat(report.lossLine()).contains("export failed 3").contains("at least 22 dropped");
    assertThat(report.lossLine()).isNull(); // nothing new since

    counters.exported.addAndGet(32); // the queue drained: no new loss either
    assertThat(report.lossLine()).isNull();
  }
}
