package io.wsaudit.operator.proxy.ngf;

import java.time.Duration;

/**
 * One nginx proxy timer NGF renders for a route, and which layer set it.
 *
 * @param value the timer
 * @param source the layer
 * @param from {@code namespace/name} of the ProxySettingsPolicy; null for the default
 */
public record ProxyTimeout(Duration value, Source source, String from) {

  /** NGF's layers, most specific first: the route's location, the Gateway's http context, nginx. */
  public enum Source {
    ROUTE_POLICY,
    GATEWAY_POLICY,
    DEFAULT
  }
}
