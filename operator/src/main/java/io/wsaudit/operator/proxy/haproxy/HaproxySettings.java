package io.wsaudit.operator.proxy.haproxy;

import io.wsaudit.operator.proxy.haproxy.HaproxySetting.Source;
import java.util.List;
import java.util.Map;

/**
 * The HAProxy timeouts that bear on an upgraded (WebSocket) connection through one backend of the
 * HAProxy Kubernetes Ingress controller, resolved from the Ingress, its backend Service and the
 * controller ConfigMap the way the controller resolves them.
 *
 * <p>Sources (haproxytech/kubernetes-ingress): the {@code defaults} section takes each key from the
 * ConfigMap, else the built-in default ({@code pkg/controller/global.go} {@code defaultsCfg},
 * {@code pkg/haproxy/env/defaults.go} {@code SetDefaults}: client 50s, server 50s, tunnel 1h,
 * http-keep-alive 1m; {@code SetGlobal}: hard-stop-after 30m). A backend adds {@code timeout
 * server} only ({@code pkg/annotations/service/timeoutServer.go}), from the first of Service,
 * Ingress, ConfigMap that has the key ({@code pkg/annotations/common/main.go} {@code GetValue}); an
 * invalid value there is logged and leaves the backend to inherit the {@code defaults} value, it
 * does not fall through to the next layer. (A {@code Defaults} or {@code Backend} custom resource
 * replaces all of this and is not read here.)
 *
 * @param client {@code timeout client} (defaults section)
 * @param server {@code timeout server} of this backend
 * @param tunnel {@code timeout tunnel} (defaults section; ConfigMap-only)
 * @param httpKeepAlive {@code timeout http-keep-alive} (defaults section; before any upgrade)
 * @param hardStopAfter {@code hard-stop-after} (global): how long a process that a reload replaced
 *     keeps its connections
 */
public record HaproxySettings(
    HaproxySetting client,
    HaproxySetting server,
    HaproxySetting tunnel,
    HaproxySetting httpKeepAlive,
    HaproxySetting hardStopAfter) {

  public static final long DEFAULT_CLIENT_MILLIS = 50_000;
  public static final long DEFAULT_SERVER_MILLIS = 50_000;
  public static final long DEFAULT_TUNNEL_MILLIS = 3_600_000;
  public static final long DEFAULT_HTTP_KEEP_ALIVE_MILLIS = 60_000;
  public static final long DEFAULT_HARD_STOP_AFTER_MILLIS = 1_800_000;

  /** Which haproxy timer ends a quiet upgraded connection. */
  public enum Timer {
    TUNNEL,
    CLIENT,
    SERVER,
    NONE
  }

  /**
   * The idle limit of an upgraded connection.
   *
   * @param millis how long it may stay quiet in both directions; 0 when no timer ends it
   * @param timer the timer that ends it
   * @param setting where that timer's value came from; null for {@link Timer#NONE}
   */
  public record IdleLimit(long millis, Timer timer, HaproxySetting setting) {}

  /**
   * Resolves the settings of the backend that serves {@code service} for {@code ingress}.
   *
   * @param ingress the Ingress's annotations (null: none)
   * @param service the backend Service's annotations (null: none)
   * @param configMap the controller ConfigMap's data (null: none)
   */
  public static HaproxySettings resolve(
      Map<String, String> ingress, Map<String, String> service, Map<String, String> configMap) {
    HaproxySetting defaultsServer =
        defaultsKey(configMap, HaproxyKeys.TIMEOUT_SERVER, DEFAULT_SERVER_MILLIS);
    return new HaproxySettings(
        defaultsKey(configMap, HaproxyKeys.TIMEOUT_CLIENT, DEFAULT_CLIENT_MILLIS),
        backendServer(ingress, service, configMap, defaultsServer),
        defaultsKey(configMap, HaproxyKeys.TIMEOUT_TUNNEL, DEFAULT_TUNNEL_MILLIS),
        defaultsKey(configMap, HaproxyKeys.TIMEOUT_HTTP_KEEP_ALIVE, DEFAULT_HTTP_KEEP_ALIVE_MILLIS),
        defaultsKey(configMap, HaproxyKeys.HARD_STOP_AFTER, DEFAULT_HARD_STOP_AFTER_MILLIS));
  }

  /** The controller's built-ins alone: no annotation, no ConfigMap key. */
  public static HaproxySettings defaults() {
    return resolve(null, null, null);
  }

  /**
   * What ends a quiet WebSocket. Once a connection is upgraded, a non-zero {@code timeout tunnel}
   * supersedes both the client and server timeouts (haproxy/haproxy {@code doc/configuration.txt},
   * "timeout tunnel"), even when it is shorter. Without it ({@code 0} is "no timer", not
   * "infinite": nextcloud/HaRP#115) each side keeps its own inactivity timer and the first to
   * expire ends the tunnel: the shorter of {@code timeout client} and {@code timeout server}
   * (measured with haproxy 2.6.12 in front of Undertow: client 1s/server 3s lasts 1.0 s, client
   * 2s/server 1s 1.0 s; e2e's {@code HaproxyIdleTimeoutTest} keeps measuring it). On a tie the
   * server timer is named, since it is the one an annotation can change.
   */
  public IdleLimit tunnelIdleLimit() {
    if (tunnel.millis() > 0) {
      return new IdleLimit(tunnel.millis(), Timer.TUNNEL, tunnel);
    }
    boolean clientRuns = client.millis() > 0;
    boolean serverRuns = server.millis() > 0;
    if (clientRuns && (!serverRuns || client.millis() < server.millis())) {
      return new IdleLimit(client.millis(), Timer.CLIENT, client);
    }
    if (serverRuns) {
      return new IdleLimit(server.millis(), Timer.SERVER, server);
    }
    return new IdleLimit(0, Timer.NONE, null);
  }

  private static HaproxySetting defaultsKey(Map<String, String> configMap, String key, long def) {
    String name = HaproxyKeys.presentName(configMap, key);
    String raw = name == null ? null : configMap.get(name);
    long millis = raw == null ? -1 : HaproxyDurations.millisOrInvalid(raw);
    return millis < 0
        ? new HaproxySetting(key, def, Source.DEFAULT, null, raw)
        : new HaproxySetting(key, millis, Source.CONFIGMAP, name, raw);
  }

  private static HaproxySetting backendServer(
      Map<String, String> ingress,
      Map<String, String> service,
      Map<String, String> configMap,
      HaproxySetting inherited) {
    for (Map.Entry<Source, Map<String, String>> layer :
        List.of(
            Map.entry(Source.SERVICE, orEmpty(service)),
            Map.entry(Source.INGRESS, orEmpty(ingress)),
            Map.entry(Source.CONFIGMAP, orEmpty(configMap)))) {
      String name = HaproxyKeys.presentName(layer.getValue(), HaproxyKeys.TIMEOUT_SERVER);
      if (name != null) {
        String raw = layer.getValue().get(name);
        long millis = HaproxyDurations.millisOrInvalid(raw);
        return millis < 0
            ? new HaproxySetting(
                inherited.key(), inherited.millis(), inherited.source(), inherited.name(), raw)
            : new HaproxySetting(HaproxyKeys.TIMEOUT_SERVER, millis, layer.getKey(), name, raw);
      }
    }
    return inherited;
  }

  private static Map<String, String> orEmpty(Map<String, String> values) {
    return values == null ? Map.of() : values;
  }
}
