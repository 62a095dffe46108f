package io.wsaudit.operator.rules;

import io.wsaudit.contract.WsAuditSpans.ProtocolVersion;
import io.wsaudit.operator.correlation.ConnectionRecord;
import io.wsaudit.operator.proxy.ingressnginx.AnnotationChange;
import io.wsaudit.operator.proxy.ingressnginx.EffectiveSettings;
import io.wsaudit.operator.proxy.ingressnginx.Setting;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Upgrades reach the backend over HTTP/1.0 and fail or close at once. RFC 9110 section 7.8 makes
 * servers ignore {@code Upgrade} in HTTP/1.0 requests. ingress-nginx speaks HTTP/1.1 upstream
 * unless {@code proxy-http-version} says "1.0", so: effective "1.0" → set the annotation to "1.1";
 * effective "1.1" → another proxy downgrades the request.
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
    return List.of(EffectiveSettings.PROXY_HTTP_VERSION);
  }

  @Override
  public boolean counts(ConnectionRecord c, RuleInput in) {
    return HTTP_10.equals(in.upstreamVersion(c))
        && c.health(in.earlyCloseThreshold(), in.now()) == ConnectionRecord.Health.FAILED;
  }

  /**
   * wsaudit patches only an effective "1.0": connections since the patch are judged as if nginx
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
    Setting v = in.proxyHttpVersion();
    // What both explanations open with; the cause and the fix follow.
    String failed =
        evidence.size()
            + " WebSocket upgrades through Ingress "
            + in.ingressName()
            + " reached the backend over HTTP/1.0 and failed or closed early";
    if (HTTP_10.equals(v.value())) {
      String cause =
          switch (v.source()) {
            case ANNOTATION ->
                "its annotation " + EffectiveSettings.PROXY_HTTP_VERSION + ": \"" + HTTP_10 + "\"";
            case CONFIGMAP ->
                "the controller ConfigMap "
                    + in.configMapName()
                    + " ("
                    + EffectiveSettings.PROXY_HTTP_VERSION
                    + ": \""
                    + HTTP_10
                    + "\", which applies to every Ingress of that controller)";
            case DEFAULT -> "the controller default";
          };
      String fix =
          "set the annotation "
              + EffectiveSettings.PROXY_HTTP_VERSION
              + ": \""
              + HTTP_11
              + "\""
              + (v.source() == Setting.Source.CONFIGMAP
                  ? " on this Ingress, and fix the ConfigMap for the others"
                  : "");
      return Optional.of(
          new RuleVerdict(
              NAME,
              evidence,
              failed
                  + ", because ingress-nginx proxies with HTTP/1.0 there by "
                  + cause
                  + "; "
                  + fix
                  + "."
                  + (evidence.stream().anyMatch(ConnectionRecord::proxyOnly)
                      ? " The proxy's log cannot say which HTTP version nginx spoke upstream;"
                          + " that setting does."
                      : ""),
              List.of(new AnnotationChange(EffectiveSettings.PROXY_HTTP_VERSION, HTTP_11))));
    }
    return Optional.of(
        new RuleVerdict(
            NAME,
            evidence,
            failed
                + ", although ingress-nginx proxies them with HTTP/"
                + v.value()
                + ", so another proxy between ingress-nginx and the pod (a sidecar or an nginx in the pod) downgrades"
                + " them; set proxy_http_version 1.1 in that proxy.",
            List.of()));
  }
}
