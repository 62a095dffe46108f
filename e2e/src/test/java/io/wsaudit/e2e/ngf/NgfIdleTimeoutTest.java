package io.wsaudit.e2e.ngf;

import static io.wsaudit.e2e.ngf.NgfObjects.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.wsaudit.e2e.apps.ForkedApp;
import io.wsaudit.e2e.client.WsProbe;
import io.wsaudit.e2e.nginx.NginxProcess;
import io.wsaudit.e2e.stage.Stage;
import io.wsaudit.operator.proxy.gatewayapi.GatewayParent;
import io.wsaudit.operator.proxy.gatewayapi.GatewayRoute;
import io.wsaudit.operator.proxy.gatewayapi.PolicyChange;
import io.wsaudit.operator.proxy.ngf.ProxyTimeoutFix;
import io.wsaudit.testkit.kube.Backend;
import io.wsaudit.testkit.kube.KubeFixtures;
import io.wsaudit.testkit.kube.MockApiServer;
import io.wsaudit.testkit.otlp.OtlpCollector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The NGINX Gateway Fabric model in front of a real nginx and an Undertow echo app: a Gateway-level
 * ProxySettingsPolicy with {@code read: 3s} cuts silent WebSocket clients at about 3 s; the
 * HTTPRoute's own {@code timeouts} change nothing (NGF ignores them); the route-level policy that
 * wsaudit's fix creates ({@link ProxyTimeoutFix}, for one hour) lets new silent clients live 10 s.
 */
class NgfIdleTimeoutTest {

  private static final String HOST = "chat.shop.example";
  private static final Duration CUT_HOLD = Duration.ofSeconds(6);
  private static final Duration IDLE_HOLD = Duration.ofMillis(10_500);

  private static OtlpCollector tap;
  private static ForkedApp chat;

  @BeforeAll
  static void startApp() throws Exception {
    if (System.getenv("CI") == null) {
      Assumptions.assumeTrue(NginxProcess.binary() != null, "nginx is not installed");
    }
    tap = new OtlpCollector();
    chat = ForkedApp.start(ForkedApp.Kind.UNDERTOW, NS, "chat-0", tap.httpEndpoint());
  }

  @AfterAll
  static void stopApp() {
    if (chat != null) {
      chat.close();
    }
    if (tap != null) {
      tap.close();
    }
  }

  @Test
  void aGatewayReadTimeoutCutsIdleClientsUntilTheRoutePolicyOfTheFixRaisesIt() throws Exception {
    Path dir = Files.createTempDirectory("wsaudit-e2e-ngf");
    try (MockApiServer api = NgfObjects.apiServerWithCrds()) {
      KubernetesClient client = api.client();
      GatewayClass cls = NgfObjects.gatewayClass("nginx", NgfModel.CONTROLLER_NAME);
      Gateway gw = NgfObjects.gateway("gw", "nginx");
      client.resources(GatewayClass.class).resource(cls).create();
      client.resources(Gateway.class).inNamespace(NS).resource(gw).create();
      KubeFixtures.backend(client, new Backend(NS, "chat", "chat-0", "127.0.0.1", chat.port()));
      HTTPRoute route =
          client
              .resources(HTTPRoute.class)
              .inNamespace(NS)
              .resource(NgfObjects.route("chat", HOST, "gw", "chat"))
              .create();
      NgfObjects.policies(client)
          .resource(NgfObjects.policy("gw-timeouts", "Gateway", "gw", "3s", null, null))
          .create();

      try (NgfController ngf =
          new NgfController(client, NS, "gw", dir, NginxProcess.freePort()).start()) {
        NgfModel.Location l = ngf.current().location(HOST, "/").orElseThrow();
        assertThat(List.of(l.readTimeout(), l.readFrom())).containsExactly("3s", "gateway");
        assertThat(ngf.current().config()).contains("\n  proxy_read_timeout 3s;\n");

        assertThat(NgfObjects.connect(ngf, HOST, "gateway read 3s", CUT_HOLD, 2))
            .allSatisfy(NgfIdleTimeoutTest::cut);

        // An ingress2gateway migration turns proxy-read-timeout into the route's timeouts:
        // NGF accepts the route with a warning and renders nothing from them.
        HTTPRoute withTimeouts = NgfObjects.withTimeouts(route, "3600s");
        route = client.resources(HTTPRoute.class).inNamespace(NS).resource(withTimeouts).update();
        assertThat(route.getSpec().getRules().get(0).getTimeouts().getRequest()).isEqualTo("3600s");
        assertThat(NgfObjects.connect(ngf, HOST, "route timeouts 3600s", CUT_HOLD, 1))
            .allSatisfy(NgfIdleTimeoutTest::cut);
        assertThat(ngf.reloads()).isEmpty();

        // The fix wsaudit plans for this route: a ProxySettingsPolicy of ours on the HTTPRoute.
        GatewayRoute served =
            new GatewayRoute(
                route,
                0,
                HOST,
                "PathPrefix",
                "/",
                List.of(new GatewayParent(gw, null, NgfModel.CONTROLLER_NAME)));
        PolicyChange fix =
            ProxyTimeoutFix.plan(
                    served, NgfObjects.policies(client).list().getItems(), Duration.ofHours(1))
                .change()
                .orElseThrow();
        assertThat(fix.kind()).isEqualTo(PolicyChange.Kind.CREATE);
        NgfObjects.policies(client).resource(fix.policy()).create();
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    ngf.reloads().stream()
                        .anyMatch(
                            r ->
                                r.added().contains("proxy_read_timeout 1h;")
                                    && r.added().contains("proxy_send_timeout 1h;")));
        NgfModel.Location raised = ngf.current().location(HOST, "/").orElseThrow();
        assertThat(List.of(raised.readTimeout(), raised.readFrom())).containsExactly("1h", "route");

        assertThat(NgfObjects.connect(ngf, HOST, "route policy 1h", IDLE_HOLD, 2))
            .allSatisfy(
                o -> {
                  assertThat(o.survived()).as(o.describe()).isTrue();
                  assertThat(o.lifetime()).isGreaterThanOrEqualTo(Duration.ofSeconds(10));
                });
      }
    } finally {
      Stage.deleteTree(dir);
    }
  }

  /** nginx's read timer ended it: no close frame, at about 3 s. */
  private static void cut(WsProbe.Outcome o) {
    assertThat(o.status()).as(o.describe()).isEqualTo(101);
    assertThat(o.survived()).as(o.describe()).isFalse();
    assertThat(o.death()).contains("without a WebSocket close frame");
    assertThat(o.lifetime()).isBetween(Duration.ofMillis(2_500), Duration.ofMillis(4_500));
  }
}
