package io.wsaudit.operator.proxy;

import java.util.Map;

/**
 * The annotations of the Services an Ingress routes to, for a proxy that also reads settings from
 * them (the HAProxy Kubernetes Ingress controller); read from an informer cache, never the API
 * server.
 */
@FunctionalInterface
public interface ServiceAnnotations {

  /** The annotations of Service {@code namespace/name}; null when it has none or is unknown. */
  Map<String, String> of(String namespace, String name);

  /** No Service is known: every proxy that reads none. */
  static ServiceAnnotations none() {
    return (namespace, name) -> null;
  }
}
