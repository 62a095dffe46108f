package io.wsaudit.operator.config;

import io.wsaudit.operator.proxy.ingressnginx.ControllerSettings;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

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
    Duration resyncInterval) {

  public static final int DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

  /** The documented defaults. */
  public static OperatorConfig defaults() {
    return new OperatorConfig(
        "0.0.0.0",
        4318,
        4317,
        8080,
        DEFAULT_MAX_BODY_BYTES,
        Optional.empty(),
        OtlpAuth.off(),
        Set.of(),
        ControllerSettings.defaults(),
        false,
        "wsaudit-operator",
        Optional.empty(),
        Optional.empty(),
        true,
        Duration.ofMinutes(10),
        Duration.ofMinutes(2),
        Duration.ofSeconds(30));
  }

  public OperatorConfig withPorts(String bind, int otlpHttp, int otlpGrpc, int http) {
    return new OperatorConfig(
        bind,
        otlpHttp,
        otlpGrpc,
        http,
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
        resyncInterval);
  }

  public OperatorConfig withLimits(int maxBody, Optional<String> token) {
    return new OperatorConfig(
        bindAddress,
        otlpHttpPort,
        otlpGrpcPort,
        httpPort,
        maxBody,
        token,
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
        resyncInterval);
  }

  public OperatorConfig withOtlpAuth(OtlpAuth auth) {
    return new OperatorConfig(
        bindAddress,
        otlpHttpPort,
        otlpGrpcPort,
        httpPort,
        otlpMaxBodyBytes,
        otlpBearerToken,
        auth,
        watchNamespaces,
        controller,
        leaderElection,
        leaseName,
        leaseNamespace,
        leaseIdentity,
        exitOnLostLease,
        patchInterval,
        gracePeriod,
        resyncInterval);
  }

  public OperatorConfig withTiming(Duration patch, Duration grace, Duration resync) {
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
        patch,
        grace,
        resync);
  }

  public OperatorConfig withWatchNamespaces(Set<String> namespaces) {
    return new OperatorConfig(
        bindAddress,
        otlpHttpPort,
        otlpGrpcPort,
        httpPort,
        otlpMaxBodyBytes,
        otlpBearerToken,
        otlpAuth,
        Set.copyOf(namespaces),
        controller,
        leaderElection,
        leaseName,
        leaseNamespace,
        leaseIdentity,
        exitOnLostLease,
        patchInterval,
        gracePeriod,
        resyncInterval);
  }

  public OperatorConfig withController(ControllerSettings settings) {
    return new OperatorConfig(
        bindAddress,
        otlpHttpPort,
        otlpGrpcPort,
        httpPort,
        otlpMaxBodyBytes,
        otlpBearerToken,
        otlpAuth,
        watchNamespaces,
        settings,
        leaderElection,
        leaseName,
        leaseNamespace,
        leaseIdentity,
        exitOnLostLease,
        patchInterval,
        gracePeriod,
        resyncInterval);
  }

  public OperatorConfig withLeaderElection(
      boolean enabled,
      String name,
      Optional<String> namespace,
      Optional<String> identity,
      boolean exitOnLost) {
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
        enabled,
        name,
        namespace,
        identity,
        exitOnLost,
        patchInterval,
        gracePeriod,
        resyncInterval);
  }
}
