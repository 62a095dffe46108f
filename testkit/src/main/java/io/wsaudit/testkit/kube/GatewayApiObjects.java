package io.wsaudit.testkit.kube;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClassBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;

/**
 * The Gateway API objects a scenario starts from, built in memory: a GatewayClass of one
 * controller, a Gateway with one HTTP listener and an HTTPRoute with one rule to one Service.
 */
public final class GatewayApiObjects {

  private GatewayApiObjects() {}

  public static GatewayClass gatewayClass(String name, String controllerName) {
    return new GatewayClassBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withControllerName(controllerName)
        .endSpec()
        .build();
  }

  /** A Gateway of class {@code className} with one HTTP listener, {@code http} on port 80. */
  public static Gateway gateway(String namespace, String name, String className) {
    return new GatewayBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withGatewayClassName(className)
        .addNewListener()
        .withName("http")
        .withProtocol("HTTP")
        .withPort(80)
        .endListener()
        .endSpec()
        .build();
  }

  /**
   * An HTTPRoute for {@code host}, attached to the Gateway {@code gateway} of its namespace, one
   * rule to {@code service}:{@code port}.
   */
  public static HTTPRoute route(
      String namespace, String name, String host, String gateway, String service, int port) {
    return new HTTPRouteBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withHostnames(host)
        .addNewParentRef()
        .withName(gateway)
        .endParentRef()
        .addNewRule()
        .addNewBackendRef()
        .withName(service)
        .withPort(port)
        .endBackendRef()
        .endRule()
        .endSpec()
        .build();
  }
}
