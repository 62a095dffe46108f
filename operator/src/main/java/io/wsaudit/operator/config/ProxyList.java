package io.wsaudit.operator.config;

import io.wsaudit.operator.proxy.GatewayProxies;
import io.wsaudit.operator.proxy.ProxyKind;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@code --proxy} names: at most one Ingress controller (the one whose Ingresses are audited;
 * ingress-nginx when none is named) and any Gateway API implementations, e.g. {@code
 * ingress-nginx,envoy-gateway}.
 *
 * @param ingress the Ingress controller's kind
 * @param gateways the Gateway API implementations, in the order named
 */
public record ProxyList(ProxyKind ingress, List<ProxyKind> gateways) {

  public ProxyList {
    gateways = List.copyOf(gateways);
  }

  /** Parses a comma list; refuses two Ingress controllers and unknown names. */
  public static ProxyList parse(String commaSeparated) {
    Set<ProxyKind> named = new LinkedHashSet<>();
    for (String part : commaSeparated.split(",")) {
      if (!part.isBlank()) {
        named.add(ProxyKind.of(part));
      }
    }
    List<ProxyKind> ingress = new ArrayList<>();
    List<ProxyKind> gateways = new ArrayList<>();
    for (ProxyKind k : named) {
      (GatewayProxies.isGateway(k) ? gateways : ingress).add(k);
    }
    if (ingress.size() > 1) {
      throw new IllegalArgumentException(
          "--proxy names two Ingress controllers ("
              + ingress.get(0)
              + ", "
              + ingress.get(1)
              + "): one operator audits one Ingress controller; run one per controller, and add"
              + " Gateway API implementations (envoy-gateway, nginx-gateway-fabric) to either");
    }
    return new ProxyList(ingress.isEmpty() ? ProxyKind.INGRESS_NGINX : ingress.get(0), gateways);
  }
}
