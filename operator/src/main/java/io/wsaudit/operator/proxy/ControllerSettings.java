package io.wsaudit.operator.proxy;

import io.wsaudit.operator.proxy.haproxy.HaproxyKeys;

/**
 * How one audited controller is set up: which proxy it is, its namespace and ConfigMap, the prefix
 * of the Ingress annotations it reads (ingress-nginx's {@code --annotations-prefix},
 * kubernetes/ingress-nginx {@code pkg/flags/flags.go}; {@code nginx.org} for F5 NGINX Ingress
 * Controller) and the IngressClass {@code spec.controller} it claims.
 */
public record ControllerSettings(
    ProxyKind proxy,
    String namespace,
    String configMap,
    String annotationPrefix,
    String controllerClass) {

  /** An ingress-nginx controller, as configured before other proxies were known. */
  public ControllerSettings(
      String namespace, String configMap, String annotationPrefix, String controllerClass) {
    this(ProxyKind.INGRESS_NGINX, namespace, configMap, annotationPrefix, controllerClass);
  }

  public static ControllerSettings defaults() {
    return defaults(ProxyKind.INGRESS_NGINX);
  }

  /** A controller of this kind installed the way its own chart installs it. */
  public static ControllerSettings defaults(ProxyKind kind) {
    return switch (kind) {
      case TRAEFIK ->
          // traefik/traefik pkg/provider/kubernetes/ingress-nginx/kubernetes.go: the provider reads
          // the ingress-nginx prefix and, unless its controllerClass is set, claims the classes of
          // k8s.io/ingress-nginx; wsaudit's default names Traefik's own controller so that the two
          // never claim one class (set it to what the provider's controllerClass says).
          new ControllerSettings(
              kind, "traefik", "", "nginx.ingress.kubernetes.io", "traefik.io/ingress-controller");
      case F5_NGINX ->
          new ControllerSettings(
              kind, "nginx-ingress", "nginx-config", "nginx.org", "nginx.org/ingress-controller");
      case HAPROXY ->
          // haproxytech/kubernetes-ingress deploy/haproxy-ingress.yaml runs the controller in
          // haproxy-controller with --configmap=haproxy-controller/haproxy-kubernetes-ingress (the
          // chart, haproxytech/helm-charts kubernetes-ingress 1.52.1, names it <release fullname>
          // in the release namespace). The chart's default controller.ingressClass "haproxy"
          // makes the IngressClass spec.controller haproxy.org/ingress-controller/haproxy
          // (templates/controller-ingressclass.yaml; pkg/store/store.go IsIngressClassSupported
          // joins CONTROLLER and the class); without --ingress.class it is the bare CONTROLLER.
          new ControllerSettings(
              kind,
              "haproxy-controller",
              "haproxy-kubernetes-ingress",
              "haproxy.org",
              HaproxyKeys.CONTROLLER + "/haproxy");
      default ->
          new ControllerSettings(
              kind,
              "ingress-nginx",
              "ingress-nginx-controller",
              "nginx.ingress.kubernetes.io",
              "k8s.io/ingress-nginx");
    };
  }

  /** The full annotation key for a setting, under this controller's prefix. */
  public String annotation(String key) {
    return annotationPrefix + "/" + key;
  }

  /** Identifies the controller for the per-controller patch rate limit. */
  public String id() {
    return namespace + "/" + configMap + "/" + controllerClass;
  }

  /** {@code namespace/configmap}, as explanations name the controller's configuration. */
  public String configMapName() {
    return namespace + "/" + configMap;
  }
}
