package io.wsaudit.e2e.haproxy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import io.wsaudit.e2e.nginx.RenderedConfig;
import io.wsaudit.e2e.nginx.UpstreamServers;
import io.wsaudit.operator.proxy.haproxy.HaproxyDurations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A <b>model</b> of the HAProxy Kubernetes Ingress controller (haproxytech/kubernetes-ingress @
 * {@code fc1206761aa7948e051eebd56c736802e1d7e226}) — not the controller — reduced to what matters
 * to an idle WebSocket: it renders the haproxy.cfg the controller would write for the timeouts of
 * the Ingresses of its classes, their Services and its ConfigMap, and nothing else (no TLS, no
 * maps, no runtime API, no health checks, no custom resources, no master-worker).
 *
 * <p>What it follows:
 *
 * <ul>
 *   <li>{@code fs/usr/local/etc/haproxy/haproxy.cfg}: a {@code defaults haproxytech} section that
 *       frontends and backends inherit ({@code from haproxytech}); values in milliseconds.
 *   <li>{@code pkg/controller/global.go} {@code defaultsCfg} with {@code
 *       pkg/annotations/global/timeout.go} and {@code pkg/haproxy/env/defaults.go} {@code
 *       SetDefaults}: each {@code defaults} timeout from the ConfigMap key, else http-request 5s,
 *       connect 5s, client 50s, queue 5s, server 50s, tunnel 1h, http-keep-alive 1m. An invalid
 *       value is logged and the default stays.
 *   <li>{@code pkg/annotations/global/hardStopAfter.go}, {@code SetGlobal}: {@code global
 *       hard-stop-after} from the ConfigMap, else 30m.
 *   <li>{@code pkg/service/service.go} {@code New}, {@code GetBackendName}: one backend per Service
 *       port, named {@code <namespace>_svc_<service>_<port name or number>}, reading annotations
 *       from the Service, then the Ingress, then the ConfigMap; {@code
 *       pkg/annotations/service/timeoutServer.go}: a {@code timeout server} line when the first of
 *       them that has {@code timeout-server} holds a valid value.
 *   <li>{@code pkg/store/convert.go} {@code cleanAnnotation} with {@code
 *       pkg/annotations/validators/validations.go}: the prefixes {@code haproxy.org/}, {@code
 *       ingress.kubernetes.io/}, {@code haproxy.com/} are stripped, so each names the same key.
 *   <li>{@code documentation/ingressclass.md}: an Ingress counts when its {@code ingressClassName}
 *       names a class whose controller is {@code haproxy.org/ingress-controller}.
 * </ul>
 *
 * <p>Simplification: the controller routes through map files ({@code use_backend
 * %[var(txn.path_match),field(1,.)]}); the model writes one {@code use_backend ... if host path}
 * line per Ingress path, in the order given, and its default backend answers 404 itself.
 */
public final class HaproxyIngressModel {

  private static final List<String> PREFIXES =
      List.of("haproxy.org/", "ingress.kubernetes.io/", "haproxy.com/");

  /** The {@code defaults} timeouts the controller writes, in its order. */
  private static final List<String> DEFAULTS_ORDER =
      List.of(
          "timeout-http-request",
          "timeout-connect",
          "timeout-client",
          "timeout-queue",
          "timeout-server",
          "timeout-tunnel",
          "timeout-http-keep-alive");

  /** Their built-in values ({@code SetDefaults}). */
  private static final Map<String, String> DEFAULTS =
      Map.of(
          "timeout-http-request", "5s",
          "timeout-connect", "5s",
          "timeout-client", "50s",
          "timeout-queue", "5s",
          "timeout-server", "50s",
          "timeout-tunnel", "1h",
          "timeout-http-keep-alive", "1m");

  /** The backend of requests no Ingress path matches ({@code pkg/store/store.go}). */
  public static final String DEFAULT_BACKEND = "default-local-service";

  private final Set<String> ingressClassNames;

  /**
   * @param ingressClassNames the IngressClasses whose controller is this controller's
   */
  public HaproxyIngressModel(Set<String> ingressClassNames) {
    this.ingressClassNames = Set.copyOf(ingressClassNames);
  }

  /** What the model reads from the API server. */
  public record Input(
      List<Ingress> ingresses,
      Optional<ConfigMap> configMap,
      List<Service> services,
      List<EndpointSlice> endpointSlices) {}

  /** One rendered backend: what a test wants to know without parsing haproxy.cfg. */
  public record Backend(String name, String host, String path, Long timeoutServerMillis) {}

  /** The rendered file and its backends. */
  public record Rendered(String config, List<Backend> backends) implements RenderedConfig {}

  /** Renders haproxy.cfg with the HTTP frontend on {@code 127.0.0.1:httpPort}. */
  public Rendered render(Input in, int httpPort) {
    Map<String, String> cm =
        in.configMap().map(ConfigMap::getData).map(HaproxyIngressModel::clean).orElse(Map.of());
    StringBuilder global = new StringBuilder("global\n");
    global.append("  hard-stop-after ").append(millis(cm, "hard-stop-after", "30m")).append('\n');
    StringBuilder defaults = new StringBuilder("defaults haproxytech\n");
    for (String key : DEFAULTS_ORDER) {
      defaults
          .append("  timeout ")
          .append(key.substring("timeout-".length()))
          .append(' ')
          .append(millis(cm, key, DEFAULTS.get(key)))
          .append('\n');
    }
    StringBuilder frontend =
        new StringBuilder("frontend http from haproxytech\n  mode http\n  bind 127.0.0.1:")
            .append(httpPort)
            .append(" name v4\n");
    StringBuilder backends = new StringBuilder();
    List<Backend> rendered = new ArrayList<>();
    for (Ingress ing : in.ingresses()) {
      if (!ingressClassNames.contains(ing.getSpec().getIngressClassName())) {
        continue;
      }
      for (IngressRule rule : ing.getSpec().getRules()) {
        for (HTTPIngressPath path : rule.getHttp().getPaths()) {
          IngressServiceBackend ref = path.getBackend().getService();
          String ns = ing.getMetadata().getNamespace();
          Optional<Service> svc = find(in.services(), ns, ref.getName());
          Optional<ServicePort> port = svc.flatMap(s -> port(s, ref));
          if (port.isEmpty()) {
            continue; // the controller logs "no service port matching" and skips the path
          }
          String name = ns + "_svc_" + ref.getName() + "_" + portId(port.get());
          Long server =
              backendTimeoutServer(
                  clean(svc.get().getMetadata().getAnnotations()),
                  clean(ing.getMetadata().getAnnotations()),
                  cm);
          frontend
              .append("  use_backend ")
              .append(name)
              .append(" if { req.hdr(host),field(1,:) -i ")
              .append(rule.getHost())
              .append(" } { path_beg ")
              .append(path.getPath())
              .append(" }\n");
          backends.append("backend ").append(name).append(" from haproxytech\n  mode http\n");
          if (server != null) {
            backends.append("  timeout server ").append(server).append('\n');
          }
          List<String> servers =
              UpstreamServers.of(ns, ref.getName(), port.get(), in.endpointSlices());
          for (int i = 0; i < servers.size(); i++) {
            backends.append("  server SRV_").append(i + 1).append(' ').append(servers.get(i));
            backends.append('\n');
          }
          rendered.add(new Backend(name, rule.getHost(), path.getPath(), server));
        }
      }
    }
    frontend.append("  default_backend ").append(DEFAULT_BACKEND).append('\n');
    backends
        .append("backend ")
        .append(DEFAULT_BACKEND)
        .append(" from haproxytech\n  mode http\n  http-request return status 404\n");
    return new Rendered(
        "# a model of haproxytech/kubernetes-ingress, not the controller\n"
            + global
            + defaults
            + frontend
            + backends,
        rendered);
  }

  /** {@code GetValue} over [Service, Ingress, ConfigMap]: the first holding the key decides. */
  private static Long backendTimeoutServer(
      Map<String, String> service, Map<String, String> ingress, Map<String, String> cm) {
    for (Map<String, String> layer : List.of(service, ingress, cm)) {
      String raw = layer.get("timeout-server");
      if (raw != null) {
        long ms = HaproxyDurations.millisOrInvalid(raw);
        return ms < 0 ? null : ms;
      }
    }
    return null;
  }

  private static long millis(Map<String, String> cm, String key, String builtIn) {
    long ms = cm.containsKey(key) ? HaproxyDurations.millisOrInvalid(cm.get(key)) : -1;
    return ms < 0 ? HaproxyDurations.parseMillis(builtIn) : ms;
  }

  /** Annotation (or ConfigMap) names without the controller's prefixes. */
  private static Map<String, String> clean(Map<String, String> in) {
    Map<String, String> out = new java.util.HashMap<>();
    if (in != null) {
      in.forEach(
          (k, v) ->
              out.put(
                  PREFIXES.stream()
                      .filter(k::startsWith)
                      .findFirst()
                      .map(p -> k.substring(p.length()))
                      .orElse(k),
                  v));
    }
    return out;
  }

  private static Optional<Service> find(List<Service> services, String ns, String name) {
    return services.stream()
        .filter(s -> ns.equals(s.getMetadata().getNamespace()))
        .filter(s -> name.equals(s.getMetadata().getName()))
        .findFirst();
  }

  private static Optional<ServicePort> port(Service svc, IngressServiceBackend ref) {
    return svc.getSpec().getPorts().stream()
        .filter(
            p ->
                Objects.equals(p.getPort(), ref.getPort().getNumber())
                    || (p.getName() != null && p.getName().equals(ref.getPort().getName())))
        .findFirst();
  }

  private static String portId(ServicePort p) {
    return p.getName() != null && !p.getName().isEmpty()
        ? p.getName()
        : Integer.toString(p.getPort());
  }
}
