package io.wsaudit.operator.proxy;

/**
 * The fixes for one route of a proxy whose answers mostly do not depend on the route: every
 * question goes to the proxy's own {@link ProxyFixes}; a subclass overrides the ones the route
 * changes (which Services it names, which of its own annotations shadow the proxy's keys).
 */
public abstract class ForwardingProxyFixes implements ProxyFixes {

  private final ProxyFixes proxy;

  protected ForwardingProxyFixes(ProxyFixes proxy) {
    this.proxy = proxy;
  }

  @Override
  public String key(String setting) {
    return proxy.key(setting);
  }

  @Override
  public Fix http11(ProxySettings s) {
    return proxy.http11(s);
  }

  @Override
  public Fix dropConnectionHeader(ProxySettings s) {
    return proxy.dropConnectionHeader(s);
  }

  @Override
  public Fix passUpgrades(ProxySettings s) {
    return proxy.passUpgrades(s);
  }

  @Override
  public Fix raiseIdleTimeouts(ProxySettings s, long seconds) {
    return proxy.raiseIdleTimeouts(s, seconds);
  }

  @Override
  public IdleTimeouts idleTimeoutsWith(IdleTimeouts now, String read, String send) {
    return proxy.idleTimeoutsWith(now, read, send);
  }

  @Override
  public String idleTimerName(String setting) {
    return proxy.idleTimerName(setting);
  }

  @Override
  public String idleCutter() {
    return proxy.idleCutter();
  }

  @Override
  public String source(Setting s, ProxySettings p) {
    return proxy.source(s, p);
  }
}
