package io.wsaudit.operator.rules;

import io.wsaudit.contract.WsAuditSpans.ProtocolVersion;
import io.wsaudit.operator.correlation.ConnectionRecord;
import io.wsaudit.operator.proxy.Fix;
import io.wsaudit.operator.proxy.ProxySettings;
import io.wsaudit.operator.proxy.Setting;
import io.wsaudit.operator.proxy.SettingKeys;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Upgrades reach the backend over HTTP/1.0 and fail or close at once. RFC 9110 section 7.8 makes
 * servers ignore {@code Upgrade} in HTTP/1.0 requests. The proxy's effective upstream version
 * decides: "1.0" → its fix (for ingress-nginx, {@code proxy-http-version: "1.1"}); "1.1" → another
 * proxy downgrades the request. Traefik and F5 NGINX Ingress Controller always speak 1.1, so they
 * land in the second case.
 */
public final class UpstreamHttp10 implements Rule {

  public static final String NAME = "UpstreamHttp10";
  static final String HTTP_10 = ProtocolVersion.HTTP_1_0;
  static final String HTTP_11 = ProtocolVersion.HTTP_1_1;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> patchedSettings() {
    return List.of(SettingKeys.PROXY_HTTP_VERSION);
  }

  @Override
  public boolean counts(ConnectionRecord c, RuleInput in) {
    return HTTP_10.equals(in.upstreamVersion(c))
        && c.health(in.earlyCloseThreshold(), in.now()) == ConnectionRecord.Health.FAILED;
  }

  /**
   * wsaudit patches only an effective "1.0": connections since the patch are judged as if the proxy
   * still spoke it, so that the proxy's log of failures going on counts against the patch.
   */
  @Override
  public RuleInput beforePatch(RuleInput in, Map<String, String> previous) {
    Setting now = in.proxyHttpVersion();
    return in.withProxyHttpVersion(new Setting(HTTP_10, now.source(), now.annotationValue()));
  }

  @Override
  public Optional<RuleVerdict> evaluate(RuleInput in) {
    List<ConnectionRecord> evidence = in.connections().stream().filter(c -> counts(c, in)).toList();
    if (evidence.size() < in.minConnections()) {
      return Optional.empty();
    }
    ProxySettings p = in.proxy();
    Setting v = p.httpVersion();
    // What both explanations open with; the cause and the fix follow.
    String failed =
        evidence.size()
            + " WebSocket upgrades through "
            + in.routeLabel()
            + " reached the backend over HTTP/1.0 and failed or closed early";
    if (HTTP_10.equals(v.value())) {
      String cause =
          switch (v.source()) {
            case ANNOTATION ->
                "its annotation " + SettingKeys.PROXY_HTTP_VERSION + ": \"" + HTTP_10 + "\"";
            case CONFIGMAP ->
                "the controller ConfigMap "
                    + p.configName()
                    + " ("
                    + SettingKeys.PROXY_HTTP_VERSION
                    + ": \""
                    + HTTP_10
                    + "\", which applies to every Ingress of that controller)";
            case DEFAULT -> "the controller default";
          };
      Fix fix = p.fixes().http11(p);
      String proxyLogOnly =
          evidence.stream().anyMatch(ConnectionRecord::proxyOnly)
              ? " The proxy's log cannot say which HTTP version nginx spoke upstream;"
                  + " that setting does."
              : "";
      return Optional.of(
          new RuleVerdict(
              NAME,
              evidence,
              failed
                  + ", because "
                  + p.product()
                  + " proxies with HTTP/1.0 there by "
                  + cause
                  + "; "
                  + fix.instruction()
                  + "."
                  + proxyLogOnly,
              fix.changes()));
    }
    return Optional.of(
        new RuleVerdict(
            NAME,
            evidence,
            failed
                + ", although "
                + p.product()
                + " proxies them with HTTP/"
                + v.value()
                + ignored(p)
                + ", so another proxy between "
                + p.product()
                + " and the pod (a sidecar or an nginx in the pod) downgrades"
                + " them; set proxy_http_version 1.1 in that proxy.",
            List.of()));
  }

  /**
   * A proxy that never speaks HTTP/1.0 upstream (Traefik's ingress-nginx provider ignores the
   * value) may still carry the annotation: say that it is not the cause.
   */
  private static String ignored(ProxySettings p) {
    String raw = p.httpVersion().annotationValue();
    return raw != null && HTTP_10.equals(raw.trim())
        ? " (it ignores the annotation "
            + p.fixes().key(SettingKeys.PROXY_HTTP_VERSION)
            + ": \"1.0\")"
        : "";
  }
}
