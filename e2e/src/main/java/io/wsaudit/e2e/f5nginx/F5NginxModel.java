package io.wsaudit.e2e.f5nginx;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import io.wsaudit.e2e.nginx.IngressInput;
import io.wsaudit.e2e.nginx.ModelLocation;
import io.wsaudit.e2e.nginx.ModelRuntime;
import io.wsaudit.e2e.nginx.RenderedLocations;
import io.wsaudit.e2e.nginx.UpstreamServers;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A <b>model</b> of F5 NGINX Ingress Controller (nginx/kubernetes-ingress) for Ingresses — not the
 * controller itself — reduced to what matters to WebSocket connections: it renders what {@code
 * internal/configs/version1/nginx.ingress.tmpl} renders for each Ingress (v5.5.4, {@code
 * f92a24e4fd2b52c72739c4a1f4f9bb6424bf5731}), with the settings {@link F5Settings} resolves.
 *
 * <ul>
 *   <li>One {@code server} per rule host, one {@code location} per path ({@code = path} when Exact,
 *       {@code generateIngressPath}, {@code ingress.go} L999), one upstream per backend named
 *       {@code namespace-ingress-host-service-port} ({@code getNameForUpstream}, L1143).
 *   <li>Every location {@code proxy_http_version 1.1} (template L352): F5 NIC never proxies with
 *       HTTP/1.0; a snippet adding {@code proxy_http_version 1.0} makes nginx refuse the whole
 *       configuration ("directive is duplicate").
 *   <li>{@code Upgrade $http_upgrade} and {@code Connection $connection_upgrade} only for a Service
 *       named in {@code nginx.org/websocket-services} (L353–355, {@code $location.Websocket},
 *       {@code ingress.go} L554); otherwise {@code Connection ""} with a ConfigMap {@code
 *       keepalive} (L357–358) or nothing, and nginx then sends {@code Connection: close} and never
 *       forwards the hop-by-hop {@code Upgrade}: the backend sees no upgrade.
 *   <li>{@code proxy_connect_timeout}/{@code proxy_read_timeout}/{@code proxy_send_timeout}
 *       (L368–370) as the annotation, ConfigMap or default give them (nginx times such as {@code
 *       3600s}).
 *   <li>Hosts claimed by two Ingresses: the older wins ({@code chooseObjectMetaWinner}, {@code
 *       internal/k8s/configuration.go} L54). An Ingress with a snippet annotation is rejected
 *       unless snippets are enabled ({@code validateSnippetsAnnotation}, {@code
 *       internal/k8s/validation.go} L1195); then {@code nginx.org/location-snippets} go after the
 *       Connection header (L360–362).
 * </ul>
 *
 * <p>Known simplifications: no TLS, no mergeable Ingresses, no health checks or Plus features;
 * upstream servers without {@code zone}; an upstream without endpoints keeps F5's placeholder
 * {@code 127.0.0.1:8181} ({@code NewUpstreamWithDefaultServer}, {@code version1/config.go}), which
 * answers 502 here as nothing listens.
 */
public final class F5NginxModel {

  /** F5 NIC's IngressClass {@code spec.controller} and default {@code -ingress-class}. */
  public static final String CONTROLLER = "nginx.org/ingress-controller";

  public static final String DEFAULT_INGRESS_CLASS = "nginx";

  /** {@code NewUpstreamWithDefaultServer}: where an upstream without endpoints points. */
  static final String NO_ENDPOINTS_SERVER = "127.0.0.1:8181";

  private final Set<String> ingressClassNames;
  private final boolean snippetsEnabled;

  /**
   * @param ingressClassNames the IngressClasses whose {@code spec.controller} is F5 NIC's
   * @param snippetsEnabled the controller's {@code -enable-snippets}
   */
  public F5NginxModel(Set<String> ingressClassNames, boolean snippetsEnabled) {
    this.ingressClassNames = Set.copyOf(ingressClassNames);
    this.snippetsEnabled = snippetsEnabled;
  }

  /**
   * One rendered location.
   *
   * @param path the location as written ({@code /} or {@code = /x})
   * @param connectionHeader the {@code Connection} nginx is told to send, or null: none set, so
   *     nginx sends its own {@code close}
   */
  public record Location(
      String host,
      String path,
      String ingress,
      String service,
      String upstream,
      List<String> servers,
      boolean websocket,
      String connectionHeader,
      String connectTimeout,
      String readTimeout,
      String sendTimeout,
      List<String> snippets)
      implements ModelLocation {}

  /** The configuration, its locations, and the Ingresses the controller rejected (and why). */
  public record Rendered(String config, List<Location> locations, Map<String, String> rejected)
      implements RenderedLocations<Location> {}

  public Rendered render(IngressInput in, ModelRuntime rt) {
    Map<String, String> cm =
        in.configMap().map(ConfigMap::getData).map(Map::copyOf).orElse(Map.of());
    int keepalive = F5Settings.keepalive(cm);
    Map<String, String> rejected = new LinkedHashMap<>();
    List<Location> locations = new ArrayList<>();
    Set<String> hostsTaken = new HashSet<>();
    for (Ingress ing : ours(in.ingresses())) {
      String name = ing.getMetadata().getNamespace() + "/" + ing.getMetadata().getName();
      if (!snippetsEnabled && !F5Settings.locationSnippets(ing).isEmpty()) {
        rejected.put(name, "snippet specified but snippets feature is not enabled");
        continue;
      }
      for (IngressRule rule : rules(ing)) {
        String host = rule.getHost() == null ? "" : rule.getHost();
        if (!hostsTaken.add(host)) {
          rejected.put(name, "host " + host + " is taken by an older Ingress");
          continue;
        }
        for (HTTPIngressPath p : rule.getHttp().getPaths()) {
          IngressServiceBackend svc = p.getBackend() == null ? null : p.getBackend().getService();
          if (svc != null) {
            locations.add(location(ing, host, p, svc, cm, keepalive, in));
          }
        }
      }
    }
    return new Rendered(
        F5ConfigText.render(locations, keepalive, rt), List.copyOf(locations), rejected);
  }

  private List<Ingress> ours(List<Ingress> all) {
    return all.stream()
        .filter(this::ours)
        .sorted(
            Comparator.comparing(
                    (Ingress i) -> Objects.toString(i.getMetadata().getCreationTimestamp(), ""))
                .thenComparing(i -> Objects.toString(i.getMetadata().getUid(), "")))
        .toList();
  }

  private boolean ours(Ingress ing) {
    if (ing.getSpec() != null && ing.getSpec().getIngressClassName() != null) {
      return ingressClassNames.contains(ing.getSpec().getIngressClassName());
    }
    Map<String, String> a = ing.getMetadata().getAnnotations();
    return a != null && DEFAULT_INGRESS_CLASS.equals(a.get("kubernetes.io/ingress.class"));
  }

  private static List<IngressRule> rules(Ingress ing) {
    if (ing.getSpec() == null || ing.getSpec().getRules() == null) {
      return List.of();
    }
    return ing.getSpec().getRules().stream().filter(r -> r.getHttp() != null).toList();
  }

  private Location location(
      Ingress ing,
      String host,
      HTTPIngressPath p,
      IngressServiceBackend svc,
      Map<String, String> cm,
      int keepalive,
      IngressInput in) {
    String ns = ing.getMetadata().getNamespace();
    String path = p.getPath() == null || p.getPath().isEmpty() ? "/" : p.getPath();
    String port = IngressInput.portLabel(svc);
    String upstream =
        String.join(
            "-", ns, ing.getMetadata().getName(), host.isEmpty() ? "_" : host, svc.getName(), port);
    List<String> servers =
        in.servicePort(ns, svc)
            .map(sp -> UpstreamServers.of(ns, svc.getName(), sp, in.endpointSlices()))
            .filter(s -> !s.isEmpty())
            .orElse(List.of(NO_ENDPOINTS_SERVER));
    boolean websocket = F5Settings.websocketServices(ing).contains(svc.getName());
    String connection = websocket ? "$connection_upgrade" : keepalive > 0 ? "\"\"" : null;
    return new Location(
        host,
        "Exact".equals(p.getPathType()) ? "= " + path : path,
        ns + "/" + ing.getMetadata().getName(),
        svc.getName(),
        upstream,
        servers,
        websocket,
        connection,
        F5Settings.timeout(ing, "proxy-connect-timeout", cm),
        F5Settings.timeout(ing, "proxy-read-timeout", cm),
        F5Settings.timeout(ing, "proxy-send-timeout", cm),
        snippetsEnabled ? F5Settings.locationSnippets(ing) : List.of());
  }
}
