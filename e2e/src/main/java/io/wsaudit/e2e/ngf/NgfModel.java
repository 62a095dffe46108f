package io.wsaudit.e2e.ngf;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.wsaudit.e2e.nginx.ModelLocation;
import io.wsaudit.e2e.nginx.ModelRuntime;
import io.wsaudit.e2e.nginx.RenderedLocations;
import io.wsaudit.e2e.nginx.UpstreamServers;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A <b>model</b> of NGINX Gateway Fabric — not NGF itself — for one Gateway (NGF 2.x runs an nginx
 * per Gateway), reduced to what matters to WebSocket connections: the HTTPRoutes attached to it,
 * their ProxySettingsPolicies and the Gateway's, rendered as nginx/nginx-gateway-fabric v2.6.7's
 * templates render them ({@link NgfConfigText} cites the lines).
 *
 * <ul>
 *   <li>Every location {@code proxy_http_version 1.1}, {@code Upgrade "$http_upgrade"} and {@code
 *       Connection "$connection_keepalive"} (upstream keepalive is on by default, 16 connections;
 *       {@code servers.go} {@code updateLocationProxySettings}, {@code getConnectionHeader}; {@code
 *       upstreams.go} {@code processKeepAliveSettings}): upgrades pass on every route.
 *   <li>A Gateway's ProxySettingsPolicy goes into the {@code http} context, an HTTPRoute's into
 *       each of its locations; nginx inherits each timer separately, so the route's wins, directive
 *       by directive; neither set leaves nginx's 60 s.
 *   <li>HTTPRoute {@code rules[].timeouts} are never read: NGF accepts the route with a warning
 *       ({@code checkForUnsupportedHTTPFields}, {@code
 *       internal/controller/state/graph/httproute.go} L659, L672–676; {@code errors.warn},
 *       L204–206).
 * </ul>
 *
 * <p>Known simplifications: HTTP listeners only (no TLS, no GRPCRoute); path matches only (header,
 * query and method matches need NGF's njs and internal locations); one backendRef per rule (NGF
 * splits several with {@code split_clients}); {@code allowedRoutes} is taken as NGF's default, the
 * Gateway's namespace; one nginx port stands for every listener port.
 */
public final class NgfModel {

  /** GatewayClass {@code spec.controllerName} of NGF's default install. */
  public static final String CONTROLLER_NAME = "gateway.nginx.org/nginx-gateway-controller";

  /** {@code internal/controller/state/dataplane/configuration.go} L30: a server for any host. */
  static final String WILDCARD_HOST = "~^";

  private final String gatewayNamespace;
  private final String gatewayName;

  /** The model of the nginx serving the Gateway {@code namespace/name}. */
  public NgfModel(String gatewayNamespace, String gatewayName) {
    this.gatewayNamespace = gatewayNamespace;
    this.gatewayName = gatewayName;
  }

  /** What the model reads from the API server. */
  public record Input(
      List<GatewayClass> gatewayClasses,
      List<Gateway> gateways,
      List<HTTPRoute> routes,
      List<GenericKubernetesResource> proxySettingsPolicies,
      List<Service> services,
      List<EndpointSlice> endpointSlices) {}

  /**
   * One rendered location.
   *
   * @param path as written ({@code /}, {@code = /x}, {@code /x/})
   * @param includes the route's policy files, in order
   * @param readTimeout the {@code proxy_read_timeout} nginx applies here, and {@code readFrom}
   *     where it comes from ({@code route}, {@code gateway} or {@code nginx default})
   */
  public record Location(
      String host,
      String path,
      String route,
      String upstream,
      List<String> servers,
      List<ProxySettingsPolicies.Include> includes,
      String readTimeout,
      String readFrom,
      String sendTimeout,
      String sendFrom)
      implements ModelLocation {}

  /**
   * The configuration, its locations, and the Gateway's {@code http}-context policy files.
   *
   * @param served false when the Gateway does not exist or is not of an NGF GatewayClass
   */
  public record Rendered(
      String config,
      boolean served,
      List<ProxySettingsPolicies.Include> gatewayIncludes,
      List<Location> locations)
      implements RenderedLocations<Location> {}

  public Rendered render(Input in, ModelRuntime rt) {
    Optional<Gateway> gateway = gateway(in);
    if (gateway.isEmpty()) {
      return new Rendered(
          NgfConfigText.render(List.of(), List.of(), rt), false, List.of(), List.of());
    }
    List<ProxySettingsPolicies.Include> onGateway =
        ProxySettingsPolicies.on(in.proxySettingsPolicies(), gateway.get()).stream()
            .map(ProxySettingsPolicies::include)
            .toList();
    List<Location> locations = new ArrayList<>();
    for (HTTPRoute route : in.routes()) {
      if (attached(route)) {
        locations.addAll(locations(route, onGateway, in));
      }
    }
    return new Rendered(
        NgfConfigText.render(onGateway, locations, rt), true, onGateway, List.copyOf(locations));
  }

  private Optional<Gateway> gateway(Input in) {
    return in.gateways().stream()
        .filter(g -> gatewayNamespace.equals(g.getMetadata().getNamespace()))
        .filter(g -> gatewayName.equals(g.getMetadata().getName()))
        .filter(
            g ->
                in.gatewayClasses().stream()
                    .anyMatch(
                        c ->
                            c.getMetadata().getName().equals(g.getSpec().getGatewayClassName())
                                && CONTROLLER_NAME.equals(c.getSpec().getControllerName())))
        .findFirst();
  }

  /**
   * A parentRef naming this Gateway, from the Gateway's namespace (NGF's default allowedRoutes).
   */
  private boolean attached(HTTPRoute route) {
    String ns = route.getMetadata().getNamespace();
    if (!gatewayNamespace.equals(ns) || route.getSpec().getParentRefs() == null) {
      return false;
    }
    for (ParentReference p : route.getSpec().getParentRefs()) {
      String refNs = p.getNamespace() == null ? ns : p.getNamespace();
      if (gatewayName.equals(p.getName()) && gatewayNamespace.equals(refNs)) {
        return true;
      }
    }
    return false;
  }

  private List<Location> locations(
      HTTPRoute route, List<ProxySettingsPolicies.Include> onGateway, Input in) {
    String ns = route.getMetadata().getNamespace();
    List<ProxySettingsPolicies.Include> onRoute =
        ProxySettingsPolicies.on(in.proxySettingsPolicies(), route).stream()
            .map(ProxySettingsPolicies::include)
            .toList();
    List<String> hosts =
        route.getSpec().getHostnames() == null || route.getSpec().getHostnames().isEmpty()
            ? List.of(WILDCARD_HOST)
            : route.getSpec().getHostnames();
    List<Location> out = new ArrayList<>();
    for (HTTPRouteRule rule : route.getSpec().getRules()) {
      if (rule.getBackendRefs() == null || rule.getBackendRefs().size() != 1) {
        continue;
      }
      HTTPBackendRef backend = rule.getBackendRefs().get(0);
      String upstream = ns + "_" + backend.getName() + "_" + backend.getPort();
      List<String> servers =
          servicePort(ns, backend, in)
              .map(sp -> UpstreamServers.of(ns, backend.getName(), sp, in.endpointSlices()))
              .orElse(List.of());
      for (String host : hosts) {
        for (String path : paths(rule)) {
          out.add(
              new Location(
                  host,
                  path,
                  ns + "/" + route.getMetadata().getName(),
                  upstream,
                  servers,
                  onRoute,
                  timer("read", onRoute, onGateway),
                  from("read", onRoute, onGateway),
                  timer("send", onRoute, onGateway),
                  from("send", onRoute, onGateway)));
        }
      }
    }
    return out;
  }

  /**
   * The locations of a rule's path matches ({@code createPath}, {@code initializeExternalLocations}
   * in {@code servers.go}): Exact {@code = /p}; a PathPrefix {@code /} as is; a PathPrefix without
   * a trailing slash both {@code /p/} and {@code = /p}. No match is PathPrefix {@code /}.
   */
  static List<String> paths(HTTPRouteRule rule) {
    List<HTTPRouteMatch> matches =
        rule.getMatches() == null || rule.getMatches().isEmpty() ? List.of() : rule.getMatches();
    List<String> out = new ArrayList<>();
    if (matches.isEmpty()) {
      return List.of("/");
    }
    for (HTTPRouteMatch m : matches) {
      String type =
          m.getPath() == null || m.getPath().getType() == null
              ? "PathPrefix"
              : m.getPath().getType();
      String value =
          m.getPath() == null || m.getPath().getValue() == null ? "/" : m.getPath().getValue();
      if ("Exact".equals(type)) {
        out.add("= " + value);
      } else if (value.endsWith("/")) {
        out.add(value);
      } else {
        out.add(value + "/");
        out.add("= " + value);
      }
    }
    return out.stream().distinct().toList();
  }

  /** nginx inherits each directive on its own: the route's include, else the http context's. */
  private static String timer(
      String timer,
      List<ProxySettingsPolicies.Include> route,
      List<ProxySettingsPolicies.Include> gateway) {
    String r = ProxySettingsPolicies.timer(route, timer);
    if (r != null) {
      return r;
    }
    String g = ProxySettingsPolicies.timer(gateway, timer);
    return g != null ? g : "60s";
  }

  private static String from(
      String timer,
      List<ProxySettingsPolicies.Include> route,
      List<ProxySettingsPolicies.Include> gateway) {
    return ProxySettingsPolicies.timer(route, timer) != null
        ? "route"
        : ProxySettingsPolicies.timer(gateway, timer) != null ? "gateway" : "nginx default";
  }

  private static Optional<ServicePort> servicePort(String ns, HTTPBackendRef b, Input in) {
    return in.services().stream()
        .filter(
            s ->
                ns.equals(s.getMetadata().getNamespace())
                    && b.getName().equals(s.getMetadata().getName()))
        .flatMap(s -> s.getSpec().getPorts().stream())
        .filter(sp -> Objects.equals(sp.getPort(), b.getPort()))
        .findFirst();
  }
}
