package io.wsaudit.operator.rules;

import io.wsaudit.operator.correlation.ConnectionRecord;
import io.wsaudit.operator.proxy.Fix;
import io.wsaudit.operator.proxy.ProxySettings;
import io.wsaudit.operator.proxy.SettingKeys;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The backend never sees {@code Connection: upgrade}, so it refuses the upgrade. Two causes, both
 * read through the seam: the proxy replaces the header (ingress-nginx's {@code
 * connection-proxy-header} without {@code upgrade} replaces {@code Connection:
 * $connection_upgrade}, kubernetes/ingress-nginx {@code nginx.tmpl}; fix: remove it), or the proxy
 * does not pass upgrades on this route at all (F5 NGINX Ingress Controller without the Service in
 * {@code nginx.org/websocket-services}; fix: add it).
 */
public final class ConnectionHeaderOverride implements Rule {

  public static final String NAME = "ConnectionHeaderOverride";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> patchedSettings() {
    return List.of(SettingKeys.CONNECTION_PROXY_HEADER, SettingKeys.WEBSOCKET_SERVICES);
  }

  @Override
  public boolean counts(ConnectionRecord c, RuleInput in) {
    return !UpstreamHttp10.HTTP_10.equals(in.upstreamVersion(c))
        && c.health(in.earlyCloseThreshold(), in.now()) == ConnectionRecord.Health.FAILED;
  }

  @Override
  public Optional<RuleVerdict> evaluate(RuleInput in) {
    ProxySettings p = in.proxy();
    String header = p.connectionHeader();
    boolean replaced = header != null && !header.toLowerCase(Locale.ROOT).contains("upgrade");
    if (!replaced && p.upgrades().passed()) {
      return Optional.empty();
    }
    List<ConnectionRecord> evidence = in.connections().stream().filter(c -> counts(c, in)).toList();
    if (evidence.size() < in.minConnections()) {
      return Optional.empty();
    }
    String opening = evidence.size() + " WebSocket upgrades through " + in.routeLabel() + " failed";
    Fix fix;
    String because;
    if (!p.upgrades().passed()) {
      fix = p.fixes().passUpgrades(p);
      because =
          " because "
              + p.product()
              + " passes no Upgrade and Connection: upgrade headers to the backend on this"
              + " route ("
              + p.upgrades().why()
              + "); "
              + fix.instruction();
    } else {
      fix = p.fixes().dropConnectionHeader(p);
      because =
          " because its annotation "
              + SettingKeys.CONNECTION_PROXY_HEADER
              + ": \""
              + header
              + "\" replaces the Connection: upgrade header "
              + p.product()
              + " would send; "
              + fix.instruction()
              + ".";
    }
    return Optional.of(new RuleVerdict(NAME, evidence, opening + because, fix.changes()));
  }
}
