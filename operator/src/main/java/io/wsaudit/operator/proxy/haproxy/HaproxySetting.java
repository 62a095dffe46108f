package io.wsaudit.operator.proxy.haproxy;

/**
 * One HAProxy timeout as the controller writes it for one backend, and where it came from.
 *
 * @param key the controller's key, without prefix (e.g. {@code timeout-server})
 * @param millis the value in effect, milliseconds; 0 means haproxy runs no such timer
 * @param source which layer supplied it
 * @param name the annotation or ConfigMap key that supplied it (with its prefix); null for a
 *     default
 * @param raw that key's value as written, even when invalid and ignored; null when absent
 */
public record HaproxySetting(String key, long millis, Source source, String name, String raw) {

  /**
   * The controller's layers for a backend, strongest first: Service, Ingress, ConfigMap ({@code
   * pkg/service/service.go} {@code New}: Service annotations, then the Ingress's, then the
   * ConfigMap's), then its built-in default ({@code pkg/haproxy/env/defaults.go}).
   */
  public enum Source {
    SERVICE,
    INGRESS,
    CONFIGMAP,
    DEFAULT
  }

  /** Whether the value came from an annotation on the Ingress or the Service. */
  public boolean fromObject() {
    return source == Source.SERVICE || source == Source.INGRESS;
  }
}
