package io.wsaudit.e2e.nginx;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A <b>model</b> of the ingress-nginx controller — not ingress-nginx itself — reduced to what
 * matters to WebSocket connections: it turns Ingress objects, their Services' EndpointSlices and
 * the controller ConfigMap into an nginx.conf the way ingress-nginx's template does for these
 * directives, and nothing else (no Lua balancer, no TLS, no auth, no snippets, no canaries, no
 * regex paths).
 *
 * <p>What it follows, from kubernetes/ingress-nginx @ {@code
 * dbb11b92ddb77bee9c35e462479129354c84f939}:
 *
 * <ul>
 *   <li>{@code rootfs/etc/nginx/template/nginx.tmpl} L379–388: the {@code map $http_upgrade
 *       $connection_upgrade} ({@code ''} maps to {@code ''} while {@code
 *       upstream-keepalive-connections} &gt; 0, else {@code close}).
 *   <li>{@code rootfs/etc/nginx/template/nginx.tmpl} L45–47: {@code worker_shutdown_timeout} from
 *       the ConfigMap ({@code worker-shutdown-timeout}, default {@code 240s}).
 *   <li>{@code rootfs/etc/nginx/template/nginx.tmpl} L1295–1300: every location sends {@code
 *       proxy_set_header Upgrade $http_upgrade} and {@code Connection $connection_upgrade}, or the
 *       {@code connection-proxy-header} annotation's value instead when it is set (valid: {@code
 *       close}, {@code keep-alive}).
 *   <li>{@code rootfs/etc/nginx/template/nginx.tmpl} L1333–1347: {@code proxy_connect_timeout},
 *       {@code proxy_send_timeout}, {@code proxy_read_timeout} (seconds) and {@code
 *       proxy_http_version}.
 *   <li>{@code rootfs/etc/nginx/template/nginx.tmpl} L351, L367, L390–396, L913, L1201, L1303 and
 *       {@code internal/ingress/controller/config/config.go} L54: the {@code upstreaminfo} access
 *       log (ConfigMap {@code log-format-upstream}, {@code log-format-escape-json}), {@code
 *       error-log-level}, {@code $proxy_upstream_name} per location, and {@code $req_id} logged and
 *       sent upstream as {@code X-Request-ID} ({@link IngressLogging}).
 *   <li>{@code internal/ingress/annotations/proxy/main.go} ({@code proxy.Parse}): each value is the
 *       Ingress annotation if valid, else the ConfigMap key, else the built-in default ({@code
 *       proxy-http-version} 1.1, read 60, send 60, connect 5). An invalid annotation falls back
 *       silently.
 *   <li>{@code internal/ingress/controller/store/store.go} L1066 ({@code GetIngressClass}): an
 *       Ingress counts when its {@code spec.ingressClassName} names a class of this controller, or
 *       (legacy) its {@code kubernetes.io/ingress.class} annotation equals the {@code
 *       --ingress-class}.
 *   <li>{@code docs/how-it-works.md}: Ingresses are sorted by creation time; one nginx {@code
 *       server} per host with the paths of every Ingress merged; the same host + path + pathType in
 *       two Ingresses: the oldest wins.
 * </ul>
 *
 * <p>Known simplifications: upstreams are plain nginx {@code upstream} blocks of the
 * EndpointSlices' ready addresses (ingress-nginx balances in Lua and changes endpoints without a
 * reload); {@code Prefix} paths become a plain prefix {@code location} (ingress-nginx also matches
 * the exact path without the trailing slash the same way); {@code Host} goes upstream as {@code
 * $host} (ingress-nginx: {@code $best_http_host}). An invalid {@code connection-proxy-header} is
 * ignored here; ingress-nginx rejects the whole Ingress.
 */
public final class IngressNginxModel {

  public static final String DEFAULT_PREFIX = "nginx.ingress.kubernetes.io";

  /**
   * ingress-nginx's built-in defaults ({@code internal/ingress/defaults/main.go}, config.go {@code
   * NewDefault}).
   */
  public static final String DEFAULT_HTTP_VERSION = "1.1";

  public static final int DEFAULT_READ_TIMEOUT = 60;
  public static final int DEFAULT_SEND_TIMEOUT = 60;
  public static final int DEFAULT_CONNECT_TIMEOUT = 5;
  public static final int DEFAULT_UPSTREAM_KEEPALIVE = 320;
  public static final String DEFAULT_WORKER_SHUTDOWN_TIMEOUT = "240s";

  private final IngressSettings settings;
  private final Set<String> ingressClassNames;
  private final String legacyIngressClass;

  /**
   * @param annotationPrefix the controller's {@code --annotations-prefix}
   * @param ingressClassNames names of the IngressClasses whose {@code spec.controller} is this
   *     controller's
   * @param legacyIngressClass the controller's {@code --ingress-class} (for the deprecated
   *     annotation)
   */
  public IngressNginxModel(
      String annotationPrefix, Set<String> ingressClassNames, String legacyIngressClass) {
    this.settings = new IngressSettings(annotationPrefix);
    this.ingressClassNames = Set.copyOf(ingressClassNames);
    this.legacyIngressClass = legacyIngressClass;
  }

  public static IngressNginxModel defaults() {
    return new IngressNginxModel(DEFAULT_PREFIX, Set.of("nginx"), "nginx");
  }

  /** One rendered location: what a reader (or a test) wants to know without parsing nginx.conf. */
  public record Location(
      String host,
      String path,
      String pathType,
      String ingress,
      String upstream,
      List<String> servers,
      String httpVersion,
      String connectionHeader,
      int readTimeout,
      int sendTimeout,
      int connectTimeout)
      implements ModelLocation {}

  /** The outcome: the configuration text and the locations it holds. */
  public record Rendered(String config, List<Location> locations)
      implements RenderedLocations<Location> {}

  /** Renders the nginx configuration for these objects. */
  public Rendered render(IngressInput in, ModelRuntime rt) {
    Map<String, String> cm =
        in.configMap().map(ConfigMap::getData).map(Map::copyOf).orElse(Map.of());
    List<Location> locations = locations(in, cm);

    return new Rendered(NginxConfigText.render(locations, cm, rt), List.copyOf(locations));
  }

  /**
   * Every location, per host, in ingress-nginx's order: oldest Ingress first, the first owner of a
   * path wins.
   */
  List<Location> locations(IngressInput in, Map<String, String> cm) {
    List<Ingress> ingresses =
        in.ingresses().stream()
            .filter(this::ours)
            .filter(i -> !"true".equals(settings.annotation(i, "canary")))
            .sorted(
                Comparator.comparing(
                        (Ingress i) -> Objects.toString(i.getMetadata().getCreationTimestamp(), ""))
                    .thenComparing(
                        i -> i.getMetadata().getNamespace() + "/" + i.getMetadata().getName()))
            .toList();
    Map<String, Location> owned = new LinkedHashMap<>();
    for (Ingress ing : ingresses) {
      if (ing.getSpec() == null || ing.getSpec().getRules() == null) {
        continue;
      }
      for (IngressRule rule : ing.getSpec().getRules()) {
        if (rule.getHttp() == null) {
          continue;
        }
        String host = rule.getHost() == null ? "" : rule.getHost();
        for (HTTPIngressPath p : rule.getHttp().getPaths()) {
          IngressServiceBackend svc = p.getBackend() == null ? null : p.getBackend().getService();
          if (svc == null) {
            continue;
          }
          String path = p.getPath() == null || p.getPath().isEmpty() ? "/" : p.getPath();
          String type = p.getPathType() == null ? "ImplementationSpecific" : p.getPathType();
          String key = host + " " + path + " " + ("Exact".equals(type) ? "Exact" : "Prefix");
          // docs/how-it-works.md: "Location ... already configured for server ...": the oldest
          // Ingress wins.
          owned.putIfAbsent(key, location(ing, host, path, type, svc, cm, in));
        }
      }
    }
    return new ArrayList<>(owned.values());
  }

  private Location location(
      Ingress ing,
      String host,
      String path,
      String type,
      IngressServiceBackend svc,
      Map<String, String> cm,
      IngressInput in) {
    String ns = ing.getMetadata().getNamespace();
    Optional<ServicePort> port = in.servicePort(ns, svc);
    // $proxy_upstream_name in ingress-nginx: namespace-service-port
    String upstream = ns + "-" + svc.getName() + "-" + IngressInput.portLabel(svc);
    List<String> servers =
        port.map(sp -> UpstreamServers.of(ns, svc.getName(), sp, in.endpointSlices()))
            .orElse(List.of());

    String version = settings.httpVersion(ing, cm);
    int read = settings.timeout(ing, "proxy-read-timeout", cm, DEFAULT_READ_TIMEOUT);
    int send = settings.timeout(ing, "proxy-send-timeout", cm, DEFAULT_SEND_TIMEOUT);
    int connect = settings.timeout(ing, "proxy-connect-timeout", cm, DEFAULT_CONNECT_TIMEOUT);
    String connection = settings.connectionHeader(ing);
    return new Location(
        host,
        path,
        type,
        ns + "/" + ing.getMetadata().getName(),
        upstream,
        servers,
        version,
        connection,
        read,
        send,
        connect);
  }

  private boolean ours(Ingress ing) {
    if (ing.getSpec() != null && ing.getSpec().getIngressClassName() != null) {
      return ingressClassNames.contains(ing.getSpec().getIngressClassName());
    }
    Map<String, String> a = ing.getMetadata().getAnnotations();
    return a != null && legacyIngressClass.equals(a.get("kubernetes.io/ingress.class"));
  }
}
