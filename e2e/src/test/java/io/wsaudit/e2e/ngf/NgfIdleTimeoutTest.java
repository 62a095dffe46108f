package io.wsaudit.e2e.ngf;

import static io.wsaudit.e2e.model.ProxyModelController.started;
import static io.wsaudit.e2e.ngf.NgfObjects.CHAT_HOST;
import static io.wsaudit.e2e.ngf.NgfObjects.NS;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.wsaudit.e2e.AgentApps;
import io.wsaudit.e2e.Outcomes;
import io.wsaudit.e2e.stage.Stage;
import io.wsaudit.operator.proxy.gatewayapi.GatewayParent;
import io.wsaudit.operator.proxy.gatewayapi.GatewayRoute;
import io.wsaudit.operator.proxy.gatewayapi.PolicyChange;
import io.wsaudit.operator.proxy.ngf.ProxyTimeoutFix;
import io.wsaudit.testkit.kube.MockApiServer;
import io.wsaudit.testkit.process.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The NGINX Gateway Fabric model in front of a real nginx and an Undertow echo app: a Gateway-level
 * ProxySettingsPolicy with {@code read: 3s} cuts silent WebSocket clients at about 3 s; the
 * HTTPRoute's own {@code timeouts} change nothing (NGF ignores them); the route-level policy that
 * wsaudit's fix creates ({@link ProxyTimeoutFix}, for one hour) lets new silent clients live 10 s.
 */
class NgfIdleTimeoutTest {

  private static final Duration CUT_HOLD = Duration.ofSeconds(6);
  private static final Duration IDLE_HOLD = Duration.ofMillis(10_500);

  @RegisterExtension static final AgentApps apps = AgentApps.undertow("chat").behindNginx();

  @Test
  void aGatewayReadTimeoutCutsIdleClientsUntilTheRoutePolicyOfTheFixRaisesIt() throws Exception {
    Path dir = Files.createTempDirectory("wsaudit-e2e-ngf");
    try (MockApiServer api = NgfObjects.apiServerWithCrds()) {
      KubernetesClient client = api.client();
      HTTPRoute route = NgfObjects.chatBehindGatewayRead3s(client, apps.app("chat").port());
      Gateway gw = client.resources(Gateway.class).inNamespace(NS).withName("gw").get();

      try (NgfController ngf = started(new NgfController(client, NS, "gw", dir, Ports.free()))) {
        NgfModel.Location l = ngf.current().location(CHAT_HOST, "/").orElseThrow();
        assertThat(List.of(l.readTimeout(), l.readFrom())).containsExactly("3s", "gateway");
        assertThat(ngf.current().config()).contains("\n  proxy_read_timeout 3s;\n");

        assertThat(NgfObjects.connect(ngf, CHAT_HOST, "gateway read 3s", CUT_HOLD, 2))
            .allSatisfy(Outcomes::assertCutAtThreeSeconds);

        // An ingress2gateway migration turns proxy-read-timeout into the route's timeouts:
        // NGF accepts the route with a warning and renders nothing from them.
        HTTPRoute withTimeouts = NgfObjects.withTimeouts(route, "3600s");
        route = client.resources(HTTPRoute.class).inNamespace(NS).resource(withTimeouts).update();
        assertThat(route.getSpec().getRules().get(0).getTimeouts().getRequest()).isEqualTo("3600s");
        assertThat(NgfObjects.connect(ngf, CHAT_HOST, "route timeouts 3600s", CUT_HOLD, 1))
            .allSatisfy(Outcomes::assertCutAtThreeSeconds);
        assertThat(ngf.reloads()).isEmpty();

        // The fix wsaudit plans for this route: a ProxySettingsPolicy of ours on the HTTPRoute.
        GatewayRoute served =
            new GatewayRoute(
                route,
                0,
                CHAT_HOST,
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
        Outcomes.awaitReloadAdding(
            ngf, Duration.ofSeconds(10), "proxy_read_timeout 1h;", "proxy_send_timeout 1h;");
        NgfModel.Location raised = ngf.current().location(CHAT_HOST, "/").orElseThrow();
        assertThat(List.of(raised.readTimeout(), raised.readFrom())).containsExactly("1h", "route");

        Outcomes.assertStayedOpen(
            NgfObjects.connect(ngf, CHAT_HOST, "route policy 1h", IDLE_HOLD, 2),
            Duration.ofSeconds(10));
      }
    } finally {
      Stage.deleteTree(dir);
    }
  }
}
