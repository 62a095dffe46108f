package io.wsaudit.operator.proxy.haproxy;

import io.wsaudit.operator.proxy.AnnotationChange;
import io.wsaudit.operator.proxy.Fix;
import io.wsaudit.operator.proxy.ForwardingProxyFixes;
import io.wsaudit.operator.proxy.IdleTimeouts;
import io.wsaudit.operator.proxy.ProxySettings;
import io.wsaudit.operator.proxy.Setting;
import io.wsaudit.operator.proxy.SettingKeys;
import io.wsaudit.operator.proxy.haproxy.HaproxySettings.IdleLimit;
import io.wsaudit.operator.proxy.haproxy.HaproxySettings.Timer;
import java.util.List;
import java.util.Map;

/**
 * The fixes for one HAProxy route: {@link HaproxyFixes} turned into what the seam carries. The
 * Ingress's {@code timeout-server} becomes an {@link AnnotationChange} wsaudit writes; a Service
 * annotation that shadows it, or a ConfigMap-only key, becomes a report naming the exact object and
 * key.
 */
final class HaproxyRouteFixes extends ForwardingProxyFixes {

  /**
   * What the seam's idle limits say when no haproxy timer runs: haproxy's largest timeout, in
   * seconds, so no measured silence matches it and no fix raises it.
   */
  static final long NO_TIMER_SECONDS = HaproxyDurations.MAX_MILLIS / 1000;

  private final HaproxyProxy proxy;
  private final HaproxyRoute route;

  HaproxyRouteFixes(HaproxyProxy proxy, HaproxyRoute route) {
    super(proxy);
    this.proxy = proxy;
    this.route = route;
  }

  /**
   * The route's idle limit as both of the seam's timers (HAProxy's one timer ends a tunnel quiet in
   * both directions); the base is the limit without the Ingress's {@code timeout-server}.
   */
  IdleTimeouts idleTimeouts(HaproxyRoute r) {
    String raw = r.ingress().get(ownName());
    Setting now = setting(r.idleLimit(), raw);
    Setting base = setting(r.withIngressTimeoutServer(ownName(), null).idleLimit(), null);
    return new IdleTimeouts(now, now, base, base);
  }

  private static Setting setting(IdleLimit limit, String ingressRaw) {
    long seconds =
        limit.timer() == Timer.NONE ? NO_TIMER_SECONDS : Math.round(limit.millis() / 1000.0);
    Setting.Source source =
        limit.setting() == null
            ? Setting.Source.DEFAULT
            : switch (limit.setting().source()) {
              case SERVICE, INGRESS -> Setting.Source.ANNOTATION;
              case CONFIGMAP -> Setting.Source.CONFIGMAP;
              case DEFAULT -> Setting.Source.DEFAULT;
            };
    return new Setting(Long.toString(seconds), source, ingressRaw);
  }

  @Override
  public Fix raiseIdleTimeouts(ProxySettings s, long seconds) {
    var fix =
        HaproxyFixes.forIdleTimeout(
            route.ingress(), route.serviceAnnotations(), route.configMap(), seconds * 1000);
    if (fix.isEmpty()) {
      return Fix.report("HAProxy's idle limit here already reaches " + seconds + " s.");
    }
    if (fix.get() instanceof HaproxyFix.ConfigMapReport r) {
      return Fix.report(
          "Set "
              + r.key()
              + ": \""
              + r.value()
              + "\" in the controller ConfigMap "
              + proxy.controller().configMapName()
              + (r.current() == null ? " (absent now)" : " (now \"" + r.current() + "\")")
              + ": "
              + r.reason()
              + ". wsaudit never writes that ConfigMap, which serves every Ingress; no"
              + " Ingress annotation helps.");
    }
    HaproxyFix.AnnotationChange c = (HaproxyFix.AnnotationChange) fix.get();
    if (c.target() == HaproxyFix.Target.SERVICE) {
      return Fix.report(
          "Set "
              + c.annotation()
              + " to \""
              + c.value()
              + "\" on Service "
              + route.service()
              + " (now \""
              + c.previous()
              + "\"): the controller reads the Service's annotation before the Ingress's, so an"
              + " Ingress patch would change nothing, and wsaudit writes Ingresses only.");
    }
    if (!writable(c)) {
      return Fix.report(
          "Set "
              + c.annotation()
              + " to \""
              + c.value()
              + "\" on this Ingress: wsaudit writes only "
              + ownName()
              + ", and with both present which one the controller reads is not defined.");
    }
    return new Fix(
        List.of(new AnnotationChange(SettingKeys.TIMEOUT_SERVER, c.value())),
        "Set "
            + ownName()
            + " to \""
            + c.value()
            + "\" on this Ingress (timeout-tunnel is 0 in the controller ConfigMap "
            + proxy.controller().configMapName()
            + ", so the shorter of timeout client and timeout server ends a quiet tunnel).");
  }

  /** The Ingress annotation is ours to write: under the controller's prefix, or absent. */
  private boolean writable(HaproxyFix.AnnotationChange c) {
    boolean readable = HaproxyKeys.PREFIXES.contains(proxy.controller().annotationPrefix() + "/");
    return readable && (c.previous() == null || c.annotation().equals(ownName()));
  }

  /** The full name wsaudit writes: {@code <prefix>/timeout-server}. */
  private String ownName() {
    return proxy.controller().annotation(HaproxyKeys.TIMEOUT_SERVER);
  }

  @Override
  public IdleTimeouts idleTimeoutsWith(IdleTimeouts now, String read, String send) {
    return idleTimeouts(route.withIngressTimeoutServer(ownName(), read));
  }

  /** Before a patch of {@code timeout-server}: the route with its previous value. */
  @Override
  public IdleTimeouts idleTimeoutsBefore(IdleTimeouts now, Map<String, String> previous) {
    return previous.containsKey(SettingKeys.TIMEOUT_SERVER)
        ? idleTimeoutsWith(now, previous.get(SettingKeys.TIMEOUT_SERVER), null)
        : now;
  }

  @Override
  public String idleTimerName(String setting) {
    return switch (route.idleLimit().timer()) {
      case TUNNEL -> "timeout tunnel";
      case CLIENT -> "timeout client";
      case SERVER -> "timeout server";
      case NONE -> "idle timer (none runs: timeout tunnel, client and server are 0)";
    };
  }

  @Override
  public String source(Setting s, ProxySettings p) {
    HaproxySetting from = route.idleLimit().setting();
    if (from == null) {
      return "no timer";
    }
    return switch (from.source()) {
      case SERVICE ->
          "the annotation "
              + from.name()
              + " on Service "
              + route.service()
              + ", which the controller reads before the Ingress's";
      case INGRESS -> "its annotation " + from.name();
      case CONFIGMAP ->
          "the controller ConfigMap "
              + p.configName()
              + " key "
              + from.name()
              + ", for every Ingress";
      case DEFAULT -> "the " + p.product() + " default for " + from.key();
    };
  }
}
