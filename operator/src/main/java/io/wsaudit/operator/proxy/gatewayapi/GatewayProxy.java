package io.wsaudit.operator.proxy.gatewayapi;

import io.fabric8.kubernetes.api.model.Service;
import io.wsaudit.operator.proxy.ProxyKind;
import io.wsaudit.operator.proxy.ProxySettings;
import java.util.List;

/**
 * A Gateway API implementation behind the proxy seam: the HTTPRoutes it serves (its GatewayClass
 * {@code controllerName}), the settings in effect for one route rule, read from the policy objects
 * it honours, and the policy kinds it reads and wsaudit may write for it.
 */
public interface GatewayProxy {

  ProxyKind kind();

  /** The GatewayClass {@code spec.controllerName} of its default install. */
  String controllerName();

  /** The policy kinds the settings read, each {@code apiVersion} and {@code kind}. */
  List<PolicyKind> reads();

  /** The one policy kind wsaudit creates and patches for this proxy. */
  PolicyKind writes();

  /** The settings for a rule of a route it serves; {@code backend} (may be null) its Service. */
  ProxySettings settings(GatewayRoute route, GatewayPolicies policies, Service backend);

  /** One policy kind, as the API server serves it. */
  record PolicyKind(String apiVersion, String kind, String plural) {

    public String id() {
      return apiVersion + "/" + kind;
    }

    public String group() {
      return apiVersion.substring(0, apiVersion.indexOf('/'));
    }
  }
}
