package io.wsaudit.operator.diagnosis;

import static io.wsaudit.operator.diagnosis.DiagnosisFixtures.GRACE;
import static io.wsaudit.operator.diagnosis.DiagnosisFixtures.NOW;
import static io.wsaudit.operator.diagnosis.DiagnosisFixtures.described;
import static io.wsaudit.operator.diagnosis.DiagnosisFixtures.failed;
import static io.wsaudit.operator.diagnosis.DiagnosisFixtures.find;
import static io.wsaudit.operator.diagnosis.DiagnosisFixtures.idleCut;
import static io.wsaudit.operator.diagnosis.DiagnosisFixtures.patched;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.wsaudit.contract.WsAuditSpans.ProtocolVersion;
import io.wsaudit.operator.api.v1alpha1.Finding;
import io.wsaudit.operator.api.v1alpha1.FindingState;
import io.wsaudit.operator.api.v1alpha1.Remediation;
import io.wsaudit.operator.correlation.ConnectionRecord;
import io.wsaudit.operator.diagnosis.DiagnosisFixtures.CountingSlot;
import io.wsaudit.operator.proxy.ControllerSettings;
import io.wsaudit.operator.proxy.Proxies;
import io.wsaudit.operator.proxy.ProxyKind;
import io.wsaudit.operator.rules.Rules;
import io.wsaudit.operator.testing.ChatIngress;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * R1/R2/R3 on Ingresses of Traefik and F5 NGINX Ingress Controller, driven by agent spans through
 * the whole diagnosis, and the guarantee that a policy writes only to the proxies it enables.
 */
class ProxySeamDiagnosisTest {

  static final ControllerSettings TRAEFIK = ControllerSettings.defaults(ProxyKind.TRAEFIK);
  static final ControllerSettings F5 = ControllerSettings.defaults(ProxyKind.F5_NGINX);
  static final String IDLE = "IdleTimeout";
  static final String UP = "UpstreamHttp10";
  static final String CHO = "ConnectionHeaderOverride";

  /** One row: an Ingress without annotations and no patch, unless it says. */
  static final class Row extends DiagnosisRow<Row> {
    final ControllerSettings controller;
    final String rule;
    Map<String, String> annotations = Map.of();
    List<String> patch = List.of();
    String remediated;

    Row(String name, ControllerSettings controller, String rule, List<ConnectionRecord> evidence) {
      super(name, evidence);
      this.controller = controller;
      this.rule = rule;
    }

    Row on(Map<String, String> annotations) {
      this.annotations = annotations;
      return this;
    }

    /** The finding is fixed by this patch ({@code key=value,…}), recorded under this annotation. */
    Row patches(String change, String annotation) {
      patch = patched(change);
      remediated = annotation;
      return this;
    }
  }

  static Stream<Row> rows() {
    var quiet60 = idleCut(3, 60_000, NOW.minusSeconds(200));
    var http10 = failed(ProtocolVersion.HTTP_1_0, 3, NOW.minusSeconds(30));
    var refused = failed(ProtocolVersion.HTTP_1_1, 3, NOW.minusSeconds(30));
    Map<String, String> chatListed = Map.of("nginx.org/websocket-services", "chat");
    return Stream.of(
        new Row("Traefik R3, enabled: the same annotations, whole seconds", TRAEFIK, IDLE, quiet60)
            .proxies("traefik")
            .expect(FindingState.Remediated, "the Traefik default")
            .patches(
                "proxy-read-timeout=3600,proxy-send-timeout=3600",
                "nginx.ingress.kubernetes.io/proxy-read-timeout"),
        new Row("Traefik R3, not enabled: report only, no write", TRAEFIK, IDLE, quiet60)
            .proxies("ingress-nginx")
            .expect(FindingState.Open, "spec.proxies does not include traefik"),
        new Row(
                "Traefik R1: proxy-http-version 1.0 is ignored, another hop downgrades",
                TRAEFIK,
                UP,
                http10)
            .on(Map.of("nginx.ingress.kubernetes.io/proxy-http-version", "1.0"))
            .proxies("traefik")
            .expect(FindingState.NotRemediable, "it ignores the annotation"),
        new Row("Traefik R2: connection-proxy-header is not its cause", TRAEFIK, CHO, refused)
            .on(Map.of("nginx.ingress.kubernetes.io/connection-proxy-header", "close"))
            .proxies("traefik"),
        new Row("F5 R2, enabled: add the Service to websocket-services", F5, CHO, refused)
            .on(Map.of("nginx.org/websocket-services", "feed"))
            .proxies("f5-nginx")
            .expect(FindingState.Remediated, "passes no Upgrade")
            .patches("websocket-services=feed,chat", "nginx.org/websocket-services"),
        new Row("F5 R2, default proxies: report only, no write", F5, CHO, refused)
            .expect(FindingState.Open, "spec.proxies does not include f5-nginx"),
        new Row("F5 R2: the Service listed, not this cause", F5, CHO, refused)
            .on(chatListed)
            .proxies("f5-nginx"),
        new Row("F5 R3, enabled: nginx.org timeouts as nginx durations", F5, IDLE, quiet60)
            .on(chatListed)
            .proxies("f5-nginx")
            .expect(FindingState.Remediated, "F5 NGINX Ingress Controller default")
            .patches(
                "proxy-read-timeout=3600s,proxy-send-timeout=3600s",
                "nginx.org/proxy-read-timeout"),
        new Row("F5 R1: always HTTP/1.1, another hop downgrades", F5, UP, http10)
            .on(chatListed)
            .proxies("f5-nginx")
            .expect(
                FindingState.NotRemediable,
                "although F5 NGINX Ingress Controller proxies them with HTTP/1.1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void diagnosis(Row row) {
    Ingress ingress = ChatIngress.annotated(row.annotations);
    RouteEvidence evidence =
        new RouteEvidence(
            ingress, row.evidence, Proxies.of(row.controller).settings(ingress, null));
    Diagnosis.Result result =
        new Diagnosis(Rules.all(), row.controller, GRACE)
            .diagnose(row.policy(), null, List.of(evidence), new CountingSlot(true), NOW);
    Finding f = find(result.status(), row.rule);
    assertThat(f == null ? null : f.getState()).isEqualTo(row.expected);
    assertThat(described(result, "patch", "Remediated")).isEqualTo(row.patch);
    if (row.remediated != null) {
      assertThat(result.status().getRemediations())
          .map(Remediation::getAnnotation)
          .contains(row.remediated);
    } else {
      assertThat(result.status().getRemediations()).isEmpty();
    }
    if (row.explains != null) {
      assertThat(f.getExplanation()).contains(row.explains);
    }
  }
}
