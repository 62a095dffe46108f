package io.wsaudit.operator.trust;

import static io.wsaudit.operator.testing.Cluster.HTTP_VERSION;
import static io.wsaudit.operator.testing.Cluster.NS;
import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.operator.api.v1alpha1.Mode;
import io.wsaudit.operator.config.OtlpAuth;
import io.wsaudit.operator.testing.Metrics;
import io.wsaudit.operator.testing.OperatorHarness;
import io.wsaudit.operator.testing.OtlpSender;
import io.wsaudit.operator.testing.WsSpans;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The forged-span attack of issue 12 against the real operator with TokenReview on: spans for
 * {@code shop/chat-0} from an unauthenticated client, or from a ServiceAccount of another namespace
 * (naming the pod, or only its IP), never patch the Ingress; the same spans with a {@code shop}
 * ServiceAccount token, or a trusted Collector's, do.
 */
@Timeout(90)
class ForgedEvidenceTest {

  private static final String COLLECTOR = "system:serviceaccount:otel:collector";
  private static final Duration QUIET = Duration.ofSeconds(3);

  @RegisterExtension
  final OperatorHarness harness =
      OperatorHarness.withConfig(
          c -> c.withOtlpAuth(new OtlpAuth(true, Set.of(COLLECTOR), List.of())));

  @BeforeEach
  void scene() {
    // The API server's answers: three known tokens, anything else unauthenticated.
    harness
        .api()
        .withTokenReviews(
            Map.of(
                "shop-token", "system:serviceaccount:shop:chat",
                "attacker-token", "system:serviceaccount:attacker:default",
                "collector-token", COLLECTOR));
    harness.cluster().appBehindIngress("chat", "10.0.0.11", Map.of(HTTP_VERSION, "1.0"));
    harness.cluster().policy("audit", Mode.Enforce, 3, null);
    harness.awaitIndexed();
  }

  @Test
  void noWriteWithoutAuthority_aShopServiceAccountMayPatch() throws Exception {
    int port = harness.operator().otlpHttpPort();
    try (OtlpSender none = OtlpSender.http(port, "none");
        OtlpSender wrong = OtlpSender.http(port, "none", "Bearer not-a-token");
        OtlpSender attacker = OtlpSender.http(port, "none", "Bearer attacker-token");
        OtlpSender attackerGrpc =
            OtlpSender.grpc(harness.operator().otlpGrpcPort(), "none", "Bearer attacker-token")) {
      assertThat(none.send(broken(WsSpans.fromPod(NS, "chat-0")))).isFalse();
      assertThat(wrong.send(broken(WsSpans.fromPod(NS, "chat-0")))).isFalse();
      // Accepted on the wire (the token is valid) but refused as evidence, by name or by IP.
      assertThat(attacker.send(broken(WsSpans.fromPod(NS, "chat-0")))).isTrue();
      assertThat(attacker.send(broken(WsSpans.fromAddress("10.0.0.11")))).isTrue();
      assertThat(attackerGrpc.send(broken(WsSpans.fromAddress("10.0.0.11")))).isTrue();
    }
    Thread.sleep(QUIET.toMillis());
    assertThat(harness.cluster().annotations("chat")).containsEntry(HTTP_VERSION, "1.0");
    assertThat(scrape())
        .contains("wsaudit_evidence_refused_total{reason=\"namespace_not_allowed\"}");

    // The scheme is case-insensitive (RFC 9110).
    try (OtlpSender shop = OtlpSender.http(port, "none", "bearer shop-token")) {
      assertThat(shop.send(broken(WsSpans.fromPod(NS, "chat-0")))).isTrue();
    }
    harness.cluster().awaitAnnotation("chat", HTTP_VERSION, "1.1");
  }

  @Test
  void aTrustedCollectorMaySpeakForEveryNamespace() {
    try (OtlpSender collector =
        OtlpSender.grpc(harness.operator().otlpGrpcPort(), "none", "Bearer collector-token")) {
      assertThat(collector.send(broken(WsSpans.fromPod(NS, "chat-0")))).isTrue();
    }
    harness.cluster().awaitAnnotation("chat", HTTP_VERSION, "1.1");
  }

  private static List<io.opentelemetry.sdk.trace.data.SpanData> broken(WsSpans spans) {
    return spans.host("chat.example.com").http("1.0").upgradedThenClosed(3, Duration.ofMillis(4));
  }

  private String scrape() {
    return Metrics.text(harness.operator());
  }
}
