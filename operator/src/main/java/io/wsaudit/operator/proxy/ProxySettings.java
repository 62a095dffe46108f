package io.wsaudit.operator.proxy;

/**
 * The WebSocket-relevant settings one proxy applies to one route, each with its source (object >
 * controller config > default), and how to change them: what the rules read instead of annotation
 * keys. A plain value, so the rules stay free of Kubernetes.
 *
 * @param proxy which proxy serves the route
 * @param product the proxy as explanations name it, e.g. {@code ingress-nginx}
 * @param httpVersion the HTTP version the proxy speaks to the backend
 * @param connectionHeader a {@code Connection} header value the proxy sends instead of passing the
 *     client's, or null (absent, or a key this proxy does not support)
 * @param upgrades whether the proxy passes upgrades on this route at all
 * @param idleTimeouts the idle read/send limits of an upgraded connection
 * @param configName the controller-wide configuration, as explanations name it
 * @param fixes the changes that fix each diagnosis on this proxy
 */
public record ProxySettings(
    ProxyKind proxy,
    String product,
    Setting httpVersion,
    String connectionHeader,
    Upgrades upgrades,
    IdleTimeouts idleTimeouts,
    String configName,
    ProxyFixes fixes) {

  public ProxySettings withHttpVersion(Setting version) {
    return new ProxySettings(
        proxy, product, version, connectionHeader, upgrades, idleTimeouts, configName, fixes);
  }

  public ProxySettings withIdleTimeouts(IdleTimeouts timeouts) {
    return new ProxySettings(
        proxy, product, httpVersion, connectionHeader, upgrades, timeouts, configName, fixes);
  }
}
