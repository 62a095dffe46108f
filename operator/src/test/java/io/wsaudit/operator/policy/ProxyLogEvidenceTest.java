package io.wsaudit.operator.policy;

import static io.wsaudit.operator.testing.Cluster.HTTP_VERSION;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.wsaudit.operator.api.v1alpha1.Finding;
import io.wsaudit.operator.api.v1alpha1.FindingState;
import io.wsaudit.operator.api.v1alpha1.Mode;
import io.wsaudit.operator.testing.Cluster;
import io.wsaudit.operator.testing.OperatorHarness;
import io.wsaudit.operator.testing.OtlpLogSender;
import io.wsaudit.operator.testing.ProxyLogRecords;
import io.wsaudit.operator.testing.Waits;
import io.wsaudit.operator.testing.WsSpans;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator on the proxy's log, in ingress-nginx's default format, handed to its log sink as the
 * OTLP logs receivers do: a backend without the agent diagnosed and fixed from the log alone;
 * connections the agent and the proxy both saw counted once; the status about the format.
 */
@Timeout(60)
class ProxyLogEvidenceTest {

  static final DateTimeFormatter TIME_LOCAL =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

  static final DateTimeFormatter ERROR_TIME =
      DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  @RegisterExtension final OperatorHarness harness = OperatorHarness.withConfig(c -> c);

  @Test
  void aBackendWithoutTheAgentIsDiagnosedAndFixedFromTheProxysLogAlone() {
    cluster().appBehindIngress("chat", "10.0.5.1", Map.of(HTTP_VERSION, "1.0"));
    cluster().policy("audit", Mode.Enforce, 3, null);
    harness.awaitIndexed();
    send(upgradesClosedAfter("0.003", "p0", "p1", "p2"));

    Finding f = cluster().awaitFinding("audit", "chat", FindingState.Remediated);
    cluster().awaitAnnotation("chat", HTTP_VERSION, "1.1");
    assertThat(f.getEvidence().getProxyLog()).isEqualTo(3);
    assertThat(f.getSampleRequestIds()).containsExactlyInAnyOrder("p0", "p1", "p2");
    assertThat(f.getSampleTraceIds()).isEmpty();
    assertThat(f.getExplanation()).contains("not instrumented with the wsaudit agent");
  }

  @Test
  void connectionsTheAgentAndTheProxyBothSawCountOnce() {
    cluster().appBehindIngress("chat", "10.0.5.1", Map.of(HTTP_VERSION, "1.0"));
    cluster().policy("audit", Mode.Observe, 3, null);
    harness.sendOverHttp(
        WsSpans.fromPod(Cluster.NS, "chat-0")
            .http("1.0")
            .requestIds("r0", "r1", "r2")
            .upgradedThenClosed(3, Duration.ofMillis(3)));
    send(upgradesClosedAfter("0.004", "r0", "r1", "r2"));

    cluster()
        .awaitOnlyFinding(
            "audit",
            f -> {
              assertThat(f.getConnections()).isEqualTo(3);
              assertThat(f.getEvidence().getBoth()).isEqualTo(3);
              assertThat(f.getExplanation()).contains("All 3 were seen by both");
            });
  }

  @Test
  void idleCutsAreToldByTheErrorLogsTimeoutLineJoinedToTheAccessLine() {
    cluster().appBehindIngress("chat", "10.0.5.1", Map.of());
    cluster().policy("audit", Mode.Observe, 3, null);
    String at = ERROR_TIME.format(Instant.now());
    ProxyLogRecords controller =
        ProxyLogRecords.fromPod("ingress-nginx", "ingress-nginx-controller-0");
    List<LogRecordData> errors =
        IntStream.range(0, 3)
            .mapToObj(
                i ->
                    controller.errorLineObservedAt(
                        at
                            + " [info] 31#31: *"
                            + (40 + i)
                            + " upstream timed out (110: Connection timed out) while proxying"
                            + " upgraded connection, client: 10.1.0."
                            + (i + 7)
                            + ", server: chat.example.com, request: \"GET /ws HTTP/1.1\","
                            + " upstream: \"http://10.0.5.1:8080/ws\", host: \"chat.example.com\"",
                        Instant.now()))
            .toList();
    send(errors);
    send(upgradesClosedAfter("60.002", "i0", "i1", "i2"));

    Finding f = cluster().awaitFinding("audit", "chat", FindingState.Open);
    assertThat(f.getRule()).isEqualTo("IdleTimeout");
    assertThat(f.getExplanation())
        .contains("its error log says nginx's idle timer fired", "proxy-read-timeout (60 s");
  }

  @Test
  void theStatusSaysWhatTheDefaultFormatCannotTell_andCountsBadLines() {
    cluster().appBehindIngress("chat", "10.0.5.1", Map.of());
    cluster().policy("audit", Mode.Observe, 3, null);
    Waits.eventually(
        () -> assertThat(condition().getReason()).as("before any line").isEqualTo("NoProxyLogs"));
    send(List.of(line("this is not an access line")));
    send(upgradesClosedAfter("30.000", "q0"));

    Waits.eventually(
        () -> {
          Condition c = condition();
          assertThat(c.getReason()).isEqualTo("FormatIncomplete");
          assertThat(c.getMessage()).contains("$http_upgrade", "1 line(s) did not parse");
          var logs = cluster().status("audit").getProxyLogs();
          assertThat(logs.getUnparsedSample()).isEqualTo("this is not an access line");
          assertThat(logs.getUnparsed().values()).containsExactly(1L);
          assertThat(logs.getMissingSignals()).anyMatch(s -> s.startsWith("$http_upgrade: "));
        });
  }

  // --- fixtures

  private Cluster cluster() {
    return harness.cluster();
  }

  /**
   * The ProxyLogs condition; until the first reconcile writes a status, an assertion that fails.
   */
  private Condition condition() {
    var status = cluster().status("audit");
    assertThat(status).as("the policy's status, once reconciled").isNotNull();
    return status.getConditions().stream()
        .filter(c -> "ProxyLogs".equals(c.getType()))
        .findFirst()
        .orElseThrow();
  }

  /** Over OTLP/HTTP (gzip), as the Collector's otlphttp exporter sends the controller's lines. */
  private void send(List<LogRecordData> lines) {
    harness.awaitIndexed();
    try (OtlpLogSender http = OtlpLogSender.http(harness.operator().otlpHttpPort(), "gzip", null)) {
      assertThat(http.send(lines)).as("OTLP/HTTP logs export accepted").isTrue();
    }
  }

  /**
   * Access lines in ingress-nginx's default log-format-upstream for upgraded connections to
   * chat.example.com through shop-chat-80 (pod 10.0.5.1), each lived {@code requestTime} seconds.
   */
  static List<LogRecordData> upgradesClosedAfter(String requestTime, String... requestIds) {
    String now = TIME_LOCAL.format(Instant.now());
    return IntStream.range(0, requestIds.length)
        .mapToObj(
            i ->
                line(
                    "10.1.0."
                        + (i + 7)
                        + " - - ["
                        + now
                        + "] \"GET /ws HTTP/1.1\" 101 125 \"-\" \"ws-client/1.0\" 512 "
                        + requestTime
                        + " [shop-chat-80] [] 10.0.5.1:8080 0 "
                        + requestTime
                        + " 101 "
                        + requestIds[i]))
        .toList();
  }

  private static LogRecordData line(String body) {
    return ProxyLogRecords.fromPod("ingress-nginx", "ingress-nginx-controller-0")
        .accessLine(body, Instant.now());
  }
}
