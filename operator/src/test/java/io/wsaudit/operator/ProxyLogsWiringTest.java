package io.wsaudit.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.operator.testing.Metrics;
import io.wsaudit.operator.testing.OperatorHarness;
import io.wsaudit.operator.testing.OtlpLogSender;
import io.wsaudit.operator.testing.ProxyLogRecords;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator as wired: proxy logs are received by default and handed to the proxy-log collector
 * (which counts every line it reads); {@code --proxy-logs=false} turns both endpoints off.
 */
@Timeout(120)
class ProxyLogsWiringTest {

  @RegisterExtension
  final OperatorHarness harness = OperatorHarness.withConfig(UnaryOperator.identity());

  @Test
  void byDefaultBothTransportsAcceptLogs_andTheCollectorReadsThem() throws Exception {
    var line =
        ProxyLogRecords.fromPod("ingress-nginx", "controller-0")
            .accessLine(
                "10.0.0.1 - - [24/Nov/2025:16:00:00 +0000] \"GET / HTTP/1.1\" 200", Instant.now());
    WsAuditOperator operator = harness.operator();
    try (OtlpLogSender http = OtlpLogSender.http(operator.otlpHttpPort(), "gzip", null);
        OtlpLogSender grpc = OtlpLogSender.grpc(operator.otlpGrpcPort(), "none", null)) {
      assertThat(http.send(List.of(line, line))).isTrue();
      assertThat(grpc.send(List.of(line))).isTrue();
    }
    assertThat(Metrics.counter(operator.metrics(), "wsaudit_proxy_log_lines", Map.of()))
        .isEqualTo(3);
  }

  @Test
  void proxyLogsOffServesNeither() throws Exception {
    WsAuditOperator off = harness.startReplica(c -> c.withProxyLogs(false));
    var line =
        ProxyLogRecords.fromPod("ingress-nginx", "controller-0").accessLine("GET /", Instant.now());
    try (OtlpLogSender http = OtlpLogSender.http(off.otlpHttpPort(), "none", null);
        OtlpLogSender grpc = OtlpLogSender.grpc(off.otlpGrpcPort(), "none", null)) {
      assertThat(http.send(List.of(line))).isFalse();
      assertThat(grpc.send(List.of(line))).isFalse();
    }
    assertThat(Metrics.counter(off.metrics(), "wsaudit_proxy_log_lines", Map.of())).isZero();
  }
}
