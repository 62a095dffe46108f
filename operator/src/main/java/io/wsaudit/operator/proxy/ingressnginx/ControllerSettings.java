package io.wsaudit.operator.proxy.ingressnginx;

/**
 * How the audited ingress-nginx controller is set up: its namespace and ConfigMap, its {@code
 * --annotations-prefix} and its {@code --controller-class} (kubernetes/ingress-nginx {@code
 * pkg/flags/flags.go}).
 */
public record ControllerSettings(
    String namespace, String configMap, String annotationPrefix, String controllerClass) {

  public static ControllerSettings defaults() {
    return new ControllerSettings(
        "ingress-nginx",
        "ingress-nginx-controller",
        "nginx.ingress.kubernetes.io",
        "k8s.io/ingress-nginx");
  }

  /** The full annotation key for an ingress-nginx setting, under this controller's prefix. */
  public String annotation(String key) {
    return annotationPrefix + "/" + key;
  }

  /** Identifies the controller for the per-controller patch rate limit. */
  public String id() {
    return namespace + "/" + configMap + "/" + controllerClass;
  }
}
