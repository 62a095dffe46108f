package io.wsaudit.operator.config;

import io.wsaudit.operator.proxy.ControllerSettings;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The flags that say which proxies are audited and how their controller is set up (a mixin). */
public final class ControllerOptions {

  @Option(
      names = "--proxy",
      defaultValue = "${env:WSAUDIT_PROXY:-ingress-nginx}",
      description =
          "Which proxies are audited, comma-separated: at most one Ingress controller"
              + " (ingress-nginx, traefik, f5-nginx or haproxy; ingress-nginx when none is named) plus any"
              + " Gateway API implementations whose HTTPRoutes are audited too (envoy-gateway,"
              + " nginx-gateway-fabric), e.g. ingress-nginx,envoy-gateway (env WSAUDIT_PROXY,"
              + " default ${DEFAULT-VALUE}).")
  String proxy;

  @Option(
      names = "--controller-namespace",
      defaultValue = "${env:WSAUDIT_CONTROLLER_NAMESPACE:-ingress-nginx}",
      description =
          "Namespace of the ingress-nginx controller (env WSAUDIT_CONTROLLER_NAMESPACE,"
              + " default ${DEFAULT-VALUE}).")
  String controllerNamespace;

  @Option(
      names = "--controller-configmap",
      defaultValue = "${env:WSAUDIT_CONTROLLER_CONFIGMAP:-ingress-nginx-controller}",
      description =
          "The controller's ConfigMap, its --configmap (env WSAUDIT_CONTROLLER_CONFIGMAP,"
              + " default ${DEFAULT-VALUE}).")
  String controllerConfigMap;

  @Option(
      names = "--annotation-prefix",
      defaultValue = "${env:WSAUDIT_ANNOTATION_PREFIX:-nginx.ingress.kubernetes.io}",
      description =
          "The controller's --annotations-prefix (env WSAUDIT_ANNOTATION_PREFIX, default ${DEFAULT-VALUE}).")
  String annotationPrefix;

  @Option(
      names = "--controller-class",
      defaultValue = "${env:WSAUDIT_CONTROLLER_CLASS:-k8s.io/ingress-nginx}",
      description =
          "The controller's --controller-class (env WSAUDIT_CONTROLLER_CLASS, default ${DEFAULT-VALUE}).")
  String controllerClass;

  /** {@code config} with the controller and Gateway API proxies these flags name. */
  public OperatorConfig applyTo(OperatorConfig config) {
    ProxyList proxies;
    try {
      proxies = ProxyList.parse(proxy);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
    return config
        .withController(
            new ControllerSettings(
                proxies.ingress(),
                controllerNamespace,
                controllerConfigMap,
                annotationPrefix,
                controllerClass))
        .withGatewayProxies(proxies.gateways());
  }
}
