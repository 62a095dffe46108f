package io.wsaudit.operator.diagnosis;

import static io.wsaudit.operator.diagnosis.FindingLifecycleTest.GRACE;
import static io.wsaudit.operator.diagnosis.FindingLifecycleTest.NOW;
import static io.wsaudit.operator.diagnosis.FindingLifecycleTest.failed;
import static io.wsaudit.operator.diagnosis.FindingLifecycleTest.find;
import static io.wsaudit.operator.diagnosis.FindingLifecycleTest.idleCut;
import static io.wsaudit.operator.diagnosis.FindingLifecycleTest.patched;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.wsaudit.contract.WsAuditSpans.ProtocolVersion;
import io.wsaudit.operator.api.v1alpha1.Finding;
import io.wsaudit.operator.api.v1alpha1.FindingState;
import io.wsaudit.operator.api.v1alpha1.Mode;
import io.wsaudit.operator.api.v1alpha1.Remediation;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicy;
import io.wsaudit.operator.correlation.ConnectionRecord;
import io.wsaudit.operator.proxy.ControllerSettings;
import io.wsaudit.operator.proxy.Proxies;
import io.wsaudit.operator.proxy.ProxyKind;
import io.wsaudit.operator.rules.Rules;
import io.wsaudit.testkit.kube.IngressDraft;
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

  record Row(
      String name,
      ControllerSettings controller,
      Map<String, String> annotations,
      List<ConnectionRecord> evidence,
      List<String> proxies,
      String rule,
      FindingState expected,
      List<String> patch,
      String remediated,
      String explains) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Row> rows() {
    var quiet60 = idleCut(3, 60_000, NOW.minusSeconds(200));
    var http10 = failed(ProtocolVersion.HTTP_1_0, 3, NOW.minusSeconds(30));
    var refused = failed(ProtocolVersion.HTTP_1_1, 3, NOW.minusSeconds(30));
    return Stream.of(
        new Row(
            "Traefik R3, enabled: the same annotations, whole seconds",
            TRAEFIK,
            Map.of(),
            quiet60,
            List.of("traefik"),
            IDLE,
            FindingState.Remediated,
            patched("proxy-read-timeout=3600,proxy-send-timeout=3600"),
            "nginx.ingress.kubernetes.io/proxy-read-timeout",
            "the Traefik default"),
        new Row(
            "Traefik R3, not enabled: report only, no write",
            TRAEFIK,
            Map.of(),
            quiet60,
            List.of("ingress-nginx"),
            IDLE,
            FindingState.Open,
            null,
            null,
            "spec.proxies does not include traefik"),
        new Row(
            "Traefik R1: proxy-http-version 1.0 is ignored, another hop downgrades",
            TRAEFIK,
            Map.of("nginx.ingress.kubernetes.io/proxy-http-version", "1.0"),
            http10,
            List.of("traefik"),
            UP,
            FindingState.NotRemediable,
            null,
            null,
            "it ignores the annotation"),
        new Row(
            "Traefik R2: connection-proxy-header is not its cause",
            TRAEFIK,
            Map.of("nginx.ingress.kubernetes.io/connection-proxy-header", "close"),
            refused,
            List.of("traefik"),
            CHO,
            null,
            null,
            null,
            null),
        new Row(
            "F5 R2, enabled: add the Service to websocket-services",
            F5,
            Map.of("nginx.org/websocket-services", "feed"),
            refused,
            List.of("f5-nginx"),
            CHO,
            FindingState.Remediated,
            patched("websocket-services=feed,chat"),
            "nginx.org/websocket-services",
            "passes no Upgrade"),
        new Row(
            "F5 R2, default proxies: report only, no write",
            F5,
            Map.of(),
            refused,
            null,
            CHO,
            FindingState.Open,
            null,
            null,
            "spec.proxies does not include f5-nginx"),
        new Row(
            "F5 R2: the Service listed, not this cause",
            F5,
            Map.of("nginx.org/websocket-services", "chat"),
            refused,
            List.of("f5-nginx"),
            CHO,
            null,
            null,
            null,
            null),
        new Row(
            "F5 R3, enabled: nginx.org timeouts as nginx durations",
            F5,
            Map.of("nginx.org/websocket-services", "chat"),
            quiet60,
            List.of("f5-nginx"),
            IDLE,
            FindingState.Remediated,
            patched("proxy-read-timeout=3600s,proxy-send-timeout=3600s"),
            "nginx.org/proxy-read-timeout",
            "F5 NGINX Ingress Controller default"),
        new Row(
            "F5 R1: always HTTP/1.1, another hop downgrades",
            F5,
            Map.of("nginx.org/websocket-services", "chat"),
            http10,
            List.of("f5-nginx"),
            UP,
            FindingState.NotRemediable,
            null,
            null,
            "although F5 NGINX Ingress Controller proxies them with HTTP/1.1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void diagnosis(Row row) {
    Ingress ingress = ingress(row.annotations());
    RouteEvidence evidence =
        new RouteEvidence(
            ingress, row.evidence(), Proxies.of(row.controller()).settings(ingress, null));
    Diagnosis.Result result =
        new Diagnosis(Rules.all(), row.controller(), GRACE)
            .diagnose(
                policy(row.proxies()),
                null,
                List.of(evidence),
                new FindingLifecycleTest.FakeSlot(true),
                NOW);
    Finding f = find(result.status(), row.rule());
    assertThat(f == null ? null : f.getState()).isEqualTo(row.expected());
    List<String> patches =
        FindingLifecycleTest.flatten(result.actions()).stream()
            .map(FindingLifecycleTest::describe)
            .filter(d -> d.startsWith("patch") || d.contains("Remediated"))
            .toList();
    assertThat(patches).isEqualTo(row.patch() == null ? List.of() : row.patch());
    if (row.remediated() != null) {
      assertThat(result.status().getRemediations())
          .map(Remediation::getAnnotation)
          .contains(row.remediated());
    } else {
      assertThat(result.status().getRemediations()).isEmpty();
    }
    if (row.explains() != null) {
      assertThat(f.getExplanation()).contains(row.explains());
    }
  }

  static WebSocketAuditPolicy policy(List<String> proxies) {
    WebSocketAuditPolicy policy = new WebSocketAuditPolicy();
    policy.setMetadata(
        new ObjectMetaBuilder().withName("audit").withNamespace("shop").withGeneration(1L).build());
    policy.getSpec().setMode(Mode.Enforce);
    if (proxies != null) {
      policy.getSpec().setProxies(proxies);
    }
    return policy;
  }

  static Ingress ingress(Map<String, String> annotations) {
    return IngressDraft.of("shop", "chat")
        .host("chat.example.com")
        .service("chat")
        .annotations(annotations)
        .build();
  }
}
