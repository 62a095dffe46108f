package io.wsaudit.operator.proxy;

/**
 * The setting keys, without annotation prefix, that the rules reason about. ingress-nginx and
 * Traefik's ingress-nginx provider read them under {@code nginx.ingress.kubernetes.io/}, F5 NGINX
 * Ingress Controller the timeouts under {@code nginx.org/}; each {@link Proxy} says which it
 * honours.
 */
public final class SettingKeys {

  public static final String PROXY_HTTP_VERSION = "proxy-http-version";
  public static final String CONNECTION_PROXY_HEADER = "connection-proxy-header";
  public static final String PROXY_READ_TIMEOUT = "proxy-read-timeout";
  public static final String PROXY_SEND_TIMEOUT = "proxy-send-timeout";

  /** F5 NGINX Ingress Controller: the Services whose locations pass Upgrade and Connection. */
  public static final String WEBSOCKET_SERVICES = "websocket-services";

  /**
   * HAProxy Kubernetes Ingress: {@code timeout server} of the backend, the one idle timer of an
   * upgraded connection an Ingress annotation sets.
   */
  public static final String TIMEOUT_SERVER = "timeout-server";

  private SettingKeys() {}
}
