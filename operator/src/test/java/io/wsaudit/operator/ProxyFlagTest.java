package io.wsaudit.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wsaudit.operator.config.OperatorConfig;
import io.wsaudit.operator.proxy.ProxyKind;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --proxy}: at most one Ingress controller, plus any Gateway API implementations. */
class ProxyFlagTest {

  @Test
  void anIngressControllerAndGatewayImplementations() {
    OperatorConfig c = config("--proxy=traefik, envoy-gateway,nginx-gateway-fabric");
    assertThat(c.controller().proxy()).isEqualTo(ProxyKind.TRAEFIK);
    assertThat(c.controller().controllerClass()).isEqualTo("k8s.io/ingress-nginx");
    assertThat(c.gatewayProxies())
        .containsExactly(ProxyKind.ENVOY_GATEWAY, ProxyKind.NGINX_GATEWAY_FABRIC);
  }

  @Test
  void gatewaysAloneKeepIngressNginxAsTheIngressController() {
    OperatorConfig c = config("--proxy=envoy-gateway");
    assertThat(c.controller().proxy()).isEqualTo(ProxyKind.INGRESS_NGINX);
    assertThat(c.gatewayProxies()).containsExactly(ProxyKind.ENVOY_GATEWAY);
    assertThat(config().gatewayProxies()).isEmpty();
  }

  @Test
  void twoIngressControllersAreRefusedClearly() {
    assertThatThrownBy(() -> config("--proxy=ingress-nginx,f5-nginx"))
        .isInstanceOf(CommandLine.TypeConversionException.class)
        .hasMessageContaining("two Ingress controllers (ingress-nginx, f5-nginx)");
    assertThatThrownBy(() -> config("--proxy=istio")).hasMessageContaining("unknown proxy: istio");
  }

  @Test
  void helpSaysSo() {
    assertThat(new CommandLine(new WsAuditOperatorMain()).getUsageMessage())
        .contains("envoy-gateway", "nginx-gateway-fabric", "WSAUDIT_PROXY");
  }

  private static OperatorConfig config(String... args) {
    WsAuditOperatorMain main = new WsAuditOperatorMain();
    new CommandLine(main).parseArgs(List.of(args).toArray(String[]::new));
    return main.toConfig();
  }
}
