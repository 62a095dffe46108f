package io.wsaudit.operator.proxy;

import java.util.Arrays;
import java.util.Locale;

/**
 * The proxies wsaudit knows, by the name a policy's {@code spec.proxies} and the operator's
 * configuration use. Only some have an implementation of {@link Proxy} yet ({@link Proxies}).
 */
public enum ProxyKind {
  INGRESS_NGINX("ingress-nginx"),
  TRAEFIK("traefik"),
  F5_NGINX("f5-nginx"),
  HAPROXY("haproxy"),
  ENVOY_GATEWAY("envoy-gateway"),
  NGINX_GATEWAY_FABRIC("nginx-gateway-fabric");

  private final String id;

  ProxyKind(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** The kind named {@code id} (case-insensitive). */
  public static ProxyKind of(String id) {
    String wanted = id.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(k -> k.id.equals(wanted))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown proxy: " + id));
  }

  @Override
  public String toString() {
    return id;
  }
}
