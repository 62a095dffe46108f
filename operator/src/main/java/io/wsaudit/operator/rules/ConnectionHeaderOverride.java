package io.wsaudit.operator.rules;

import io.wsaudit.operator.correlation.ConnectionRecord;
import io.wsaudit.operator.proxy.ingressnginx.AnnotationChange;
import io.wsaudit.operator.proxy.ingressnginx.EffectiveSettings;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Ingress carries {@code connection-proxy-header} without {@code upgrade}: ingress-nginx then
 * sends that value instead of {@code Connection: $connection_upgrade} (kubernetes/ingress-nginx
 * {@code nginx.tmpl}), so backends never see {@code Connection: upgrade} and refuse the upgrade.
 * The fix is removing the annotation.
 */
public final class ConnectionHeaderOverride implements Rule {

  public static final String NAME = "ConnectionHeaderOverride";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> patchedSettings() {
    return List.of(EffectiveSettings.CONNECTION_PROXY_HEADER);
  }

  @Override
  public boolean counts(ConnectionRecord c, RuleInput in) {
    return !UpstreamHttp10.HTTP_10.equals(in.upstreamVersion(c))
        && c.health(in.earlyCloseThreshold(), in.now()) == ConnectionRecord.Health.FAILED;
  }

  @Override
  public Optional<RuleVerdict> evaluate(RuleInput in) {
    String header = in.connectionProxyHeader();
    if (header == null || header.toLowerCase(Locale.ROOT).contains("upgrade")) {
      return Optional.empty();
    }
    List<ConnectionRecord> evidence = in.connections().stream().filter(c -> counts(c, in)).toList();
    if (evidence.size() < in.minConnections()) {
      return Optional.empty();
    }
    return Optional.of(
        new RuleVerdict(
            NAME,
            evidence,
            evidence.size()
                + " WebSocket upgrades through Ingress "
                + in.ingressName()
                + " failed because its"
                + " annotation "
                + EffectiveSettings.CONNECTION_PROXY_HEADER
                + ": \""
                + header
                + "\" replaces the"
                + " Connection: upgrade header ingress-nginx would send; remove that annotation.",
            List.of(new AnnotationChange(EffectiveSettings.CONNECTION_PROXY_HEADER, null))));
  }
}
