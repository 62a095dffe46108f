package io.wsaudit.operator.proxy.gatewayapi;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;

/**
 * One Gateway an HTTPRoute attaches to through its {@code parentRefs}, with the class that names
 * the controller serving it.
 *
 * @param gateway the Gateway as the index holds it
 * @param sectionName the listener the parentRef names, or null for every listener
 * @param controllerName the GatewayClass's {@code spec.controllerName}
 */
public record GatewayParent(Gateway gateway, String sectionName, String controllerName) {

  public String namespace() {
    return gateway.getMetadata().getNamespace();
  }

  public String name() {
    return gateway.getMetadata().getName();
  }

  public String key() {
    return namespace() + "/" + name();
  }
}
