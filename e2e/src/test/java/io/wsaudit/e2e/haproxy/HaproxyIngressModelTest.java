package io.wsaudit.e2e.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.wsaudit.testkit.kube.IngressDraft;
import io.wsaudit.testkit.kube.KubeObjects;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HaproxyIngressModelTest {

  private static final HaproxyIngressModel MODEL = new HaproxyIngressModel(Set.of("haproxy"));

  private static HaproxyIngressModel.Rendered render(
      Map<String, String> ingress, Map<String, String> service, Map<String, String> cm) {
    return MODEL.render(
        new HaproxyIngressModel.Input(
            List.of(
                IngressDraft.of("shop", "chat")
                    .className("haproxy")
                    .host("chat.shop.example")
                    .path("/ws", "Prefix")
                    .annotations(ingress)
                    .build(),
                IngressDraft.of("shop", "other").className("nginx").host("x.example").build()),
            Optional.of(KubeObjects.configMap("haproxy-controller", "haproxy", cm)),
            List.of(
                new ServiceBuilder(KubeObjects.service("shop", "chat", 8080))
                    .editMetadata()
                    .withAnnotations(service)
                    .endMetadata()
                    .build()),
            List.of(KubeObjects.endpointSlice("shop", "chat", 8080, "10.0.0.7", "10.0.0.6"))),
        18080);
  }

  @Test
  void theControllersDefaultsInMilliseconds() {
    String cfg = render(Map.of(), Map.of(), Map.of()).config();
    assertThat(cfg)
        .contains("  hard-stop-after 1800000\n")
        .contains(
            "defaults haproxytech\n"
                + "  timeout http-request 5000\n"
                + "  timeout connect 5000\n"
                + "  timeout client 50000\n"
                + "  timeout queue 5000\n"
                + "  timeout server 50000\n"
                + "  timeout tunnel 3600000\n"
                + "  timeout http-keep-alive 60000\n")
        .contains("bind 127.0.0.1:18080")
        .contains(
            "backend shop_svc_chat_http from haproxytech\n  mode http\n"
                + "  server SRV_1 10.0.0.6:8080\n  server SRV_2 10.0.0.7:8080\n")
        .doesNotContain("timeout server 50000\n  server")
        .doesNotContain("x.example");
  }

  @Test
  void configMapKeysGoToDefaultsAndGlobal() {
    String cfg =
        render(
                Map.of(),
                Map.of(),
                Map.of("timeout-tunnel", "0", "timeout-client", "90s", "hard-stop-after", "2s"))
            .config();
    assertThat(cfg)
        .contains("  timeout tunnel 0\n")
        .contains("  timeout client 90000\n")
        .contains("  hard-stop-after 2000\n");
  }

  @Test
  void backendTimeoutServerFromServiceThenIngressThenConfigMap() {
    assertThat(
            render(Map.of("haproxy.org/timeout-server", "5s"), Map.of(), Map.of())
                .backends()
                .get(0)
                .timeoutServerMillis())
        .isEqualTo(5_000);
    assertThat(
            render(
                    Map.of("haproxy.org/timeout-server", "5s"),
                    Map.of("haproxy.com/timeout-server", "7s"),
                    Map.of("timeout-server", "9s"))
                .backends()
                .get(0)
                .timeoutServerMillis())
        .isEqualTo(7_000);
    assertThat(
            render(Map.of(), Map.of(), Map.of("timeout-server", "9s"))
                .backends()
                .get(0)
                .timeoutServerMillis())
        .isEqualTo(9_000);
    // an invalid Service value shadows the Ingress's and is dropped: the backend inherits
    assertThat(
            render(
                    Map.of("haproxy.org/timeout-server", "5s"),
                    Map.of("haproxy.org/timeout-server", "soon"),
                    Map.of())
                .backends()
                .get(0)
                .timeoutServerMillis())
        .isNull();
  }

  @Test
  void configMapOnlyKeysOnAnIngressChangeNothing() {
    assertThat(render(Map.of("haproxy.org/timeout-tunnel", "1s"), Map.of(), Map.of()).config())
        .isEqualTo(render(Map.of(), Map.of(), Map.of()).config());
  }
}
