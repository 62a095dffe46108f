package io.wsaudit.operator.proxy;

/**
 * A proxy whose protocol handling wsaudit never changes: R1 (HTTP/1.1 upstream) and R2 (the {@code
 * Connection} header, passing upgrades) get a sentence instead of a fix ({@link Fix#report}), each
 * saying why nothing is to change or what a person changes.
 */
public interface ReportsProtocolFixes extends ProxyFixes {

  /**
   * The sentences, one per protocol fix.
   *
   * @param http11 for {@link #http11}
   * @param connectionHeader for {@link #dropConnectionHeader}
   * @param upgrades for {@link #passUpgrades}
   */
  record Reports(String http11, String connectionHeader, String upgrades) {}

  Reports protocolReports();

  @Override
  default Fix http11(ProxySettings s) {
    return Fix.report(protocolReports().http11());
  }

  @Override
  default Fix dropConnectionHeader(ProxySettings s) {
    return Fix.report(protocolReports().connectionHeader());
  }

  @Override
  default Fix passUpgrades(ProxySettings s) {
    return Fix.report(protocolReports().upgrades());
  }
}
