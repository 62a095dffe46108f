package io.wsaudit.operator.config;

import io.wsaudit.operator.proxy.ControllerSettings;
import io.wsaudit.operator.proxy.ProxyKind;
import io.wsaudit.operator.tracing.TraceLinks;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Everything the operator is configured with, resolved from flags and environment by {@code
 * WsAuditOperatorMain}.
 *
 * @param bindAddress address every listener binds to
 * @param otlpHttpPort OTLP/HTTP port; 0 picks a free one
 * @param otlpGrpcPort OTLP/gRPC port; 0 picks a free one
 * @param httpPort health and metrics port; 0 picks a free one
 * @param otlpMaxBodyBytes largest OTLP request accepted (after decompression)
 * @param otlpBearerToken when present, OTLP requests must carry {@code Authorization: Bearer
 *     <token>}
 * @param otlpAuth TokenReview authentication of OTLP senders and who is trusted for all namespaces
 * @param watchNamespaces namespaces watched; empty means all
 * @param controller where and how the ingress-nginx controller is configured
 * @param leaderElection whether to take a Lease before reconciling
 * @param leaseName name of that Lease
 * @param leaseNamespace namespace of that Lease; empty means the client's namespace
 * @param leaseIdentity this replica's identity in the Lease; empty means JOSDK's default (the pod's
 *     hostname)
 * @param exitOnLostLease end the process when leadership is lost (a restart is the clean way to
 *     drop its state)
 * @param patchInterval minimum time between two patches on the same controller (each patch reloads
 *     nginx)
 * @param gracePeriod time after a patch before early closes count against it
 * @param resyncInterval how often policies are re-evaluated without new spans (windows expire,
 *     grace periods end)
 * @param proxyLogs whether the OTLP receivers accept logs (the proxy's access and error logs); on
 *     by default, as it only acts on what a Collector is configured to send
 * @param gatewayProxies the Gateway API implementations whose HTTPRoutes are audited too; empty for
 *     none
 * @param traceLinks the trace UI findings and Events link to ({@code --trace-ui-url}); off by
 *     default
 */
public record OperatorConfig(
    String bindAddress,
    int otlpHttpPort,
    int otlpGrpcPort,
    int httpPort,
    int otlpMaxBodyBytes,
    Optional<String> otlpBearerToken,
    OtlpAuth otlpAuth,
    Set<String> watchNamespaces,
    ControllerSettings controller,
    boolean leaderElection,
    String leaseName,
    Optional<String> leaseNamespace,
    Optional<String> leaseIdentity,
    boolean exitOnLostLease,
    Duration patchInterval,
    Duration gracePeriod,
    Duration resyncInterval,
    boolean proxyLogs,
    List<ProxyKind> gatewayProxies,
    TraceLinks traceLinks) {

  public static final int DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

  /** The documented defaults. */
  public static OperatorConfig defaults() {
    return new Editor().build();
  }

  public OperatorConfig withPorts(String bind, int otlpHttp, int otlpGrpc, int http) {
    return edit(
        e -> {
          e.bindAddress = bind;
          e.otlpHttpPort = otlpHttp;
          e.otlpGrpcPort = otlpGrpc;
          e.httpPort = http;
        });
  }

  public OperatorConfig withLimits(int maxBody, Optional<String> token) {
    return edit(
        e -> {
          e.otlpMaxBodyBytes = maxBody;
          e.otlpBearerToken = token;
        });
  }

  public OperatorConfig withOtlpAuth(OtlpAuth auth) {
    return edit(e -> e.otlpAuth = auth);
  }

  public OperatorConfig withTiming(Duration patch, Duration grace, Duration resync) {
    return edit(
        e -> {
          e.patchInterval = patch;
          e.gracePeriod = grace;
          e.resyncInterval = resync;
        });
  }

  public OperatorConfig withWatchNamespaces(Set<String> namespaces) {
    return edit(e -> e.watchNamespaces = Set.copyOf(namespaces));
  }

  public OperatorConfig withProxyLogs(boolean enabled) {
    return edit(e -> e.proxyLogs = enabled);
  }

  public OperatorConfig withGatewayProxies(List<ProxyKind> kinds) {
    return edit(e -> e.gatewayProxies = List.copyOf(kinds));
  }

  public OperatorConfig withTraceLinks(TraceLinks links) {
    return edit(e -> e.traceLinks = links);
  }

  public OperatorConfig withController(ControllerSettings settings) {
    return edit(e -> e.controller = settings);
  }

  public OperatorConfig withLeaderElection(
      boolean enabled,
      String name,
      Optional<String> namespace,
      Optional<String> identity,
      boolean exitOnLost) {
    return edit(
        e -> {
          e.leaderElection = enabled;
          e.leaseName = name;
          e.leaseNamespace = namespace;
          e.leaseIdentity = identity;
          e.exitOnLostLease = exitOnLost;
        });
  }

  /** A copy with some components changed: the one place that lists them all (in order). */
  private OperatorConfig edit(Consumer<Editor> change) {
    Editor e = new Editor(this);
    change.accept(e);
    return e.build();
  }

  /** The components while a copy is made; its initial values are the documented defaults. */
  private static final class Editor {
    String bindAddress = "0.0.0.0";
    int otlpHttpPort = 4318;
    int otlpGrpcPort = 4317;
    int httpPort = 8080;
    int otlpMaxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    Optional<String> otlpBearerToken = Optional.empty();
    OtlpAuth otlpAuth = OtlpAuth.off();
    Set<String> watchNamespaces = Set.of();
    ControllerSettings controller = ControllerSettings.defaults();
    boolean leaderElection = false;
    String leaseName = "wsaudit-operator";
    Optional<String> leaseNamespace = Optional.empty();
    Optional<String> leaseIdentity = Optional.empty();
    boolean exitOnLostLease = true;
    Duration patchInterval = Duration.ofMinutes(10);
    Duration gracePeriod = Duration.ofMinutes(2);
    Duration resyncInterval = Duration.ofSeconds(30);
    boolean proxyLogs = true;
    List<ProxyKind> gatewayProxies = List.of();
    TraceLinks traceLinks = TraceLinks.off();

    Editor() {}

    Editor(OperatorConfig c) {
      bindAddress = c.bindAddress;
      otlpHttpPort = c.otlpHttpPort;
      otlpGrpcPort = c.otlpGrpcPort;
      httpPort = c.httpPort;
      otlpMaxBodyBytes = c.otlpMaxBodyBytes;
      otlpBearerToken = c.otlpBearerToken;
      otlpAuth = c.otlpAuth;
      watchNamespaces = c.watchNamespaces;
      controller = c.controller;
      leaderElection = c.leaderElection;
      leaseName = c.leaseName;
      leaseNamespace = c.leaseNamespace;
      leaseIdentity = c.leaseIdentity;
      exitOnLostLease = c.exitOnLostLease;
      patchInterval = c.patchInterval;
      gracePeriod = c.gracePeriod;
      resyncInterval = c.resyncInterval;
      proxyLogs = c.proxyLogs;
      gatewayProxies = c.gatewayProxies;
      traceLinks = c.traceLinks;
    }

    OperatorConfig build() {
      return new OperatorConfig(
          bindAddress,
          otlpHttpPort,
          otlpGrpcPort,
          httpPort,
          otlpMaxBodyBytes,
          otlpBearerToken,
          otlpAuth,
          watchNamespaces,
          controller,
          leaderElection,
          leaseName,
          leaseNamespace,
          leaseIdentity,
          exitOnLostLease,
          patchInterval,
          gracePeriod,
          resyncInterval,
          proxyLogs,
          gatewayProxies,
          traceLinks);
    }
  }
}
