package io.wsaudit.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.wsaudit.operator.config.ControllerOptions;
import io.wsaudit.operator.config.Durations;
import io.wsaudit.operator.config.OperatorConfig;
import io.wsaudit.operator.config.OtlpAuth;
import io.wsaudit.operator.config.TraceUiOptions;
import io.wsaudit.operator.serving.FatalErrors;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Command line entry point ({@code java -jar wsaudit-operator.jar}): every flag has a {@code
 * WSAUDIT_*} environment variable as its default, so the same image runs from a Deployment's env or
 * from a shell.
 */
@Command(
    name = "wsaudit-operator",
    mixinStandardHelpOptions = true,
    version = "wsaudit-operator 0.1.0",
    description =
        "Receives wsaudit spans over OTLP, explains the ingress-nginx settings behind failing WebSocket"
            + " upgrades, and (for Enforce policies) patches the Ingress.",
    sortOptions = false)
public final class WsAuditOperatorMain implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(WsAuditOperatorMain.class);

  @Option(
      names = "--otlp-http-port",
      defaultValue = "${env:WSAUDIT_OTLP_HTTP_PORT:-4318}",
      description =
          "OTLP/HTTP port (env WSAUDIT_OTLP_HTTP_PORT, default ${DEFAULT-VALUE}); 0 picks a free port.")
  int otlpHttpPort;

  @Option(
      names = "--otlp-grpc-port",
      defaultValue = "${env:WSAUDIT_OTLP_GRPC_PORT:-4317}",
      description =
          "OTLP/gRPC port (env WSAUDIT_OTLP_GRPC_PORT, default ${DEFAULT-VALUE}); 0 picks a free port.")
  int otlpGrpcPort;

  @Option(
      names = "--http-port",
      defaultValue = "${env:WSAUDIT_HTTP_PORT:-8080}",
      description =
          "Port of /healthz, /readyz and /metrics (env WSAUDIT_HTTP_PORT, default ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(
      names = "--bind-address",
      defaultValue = "${env:WSAUDIT_BIND_ADDRESS:-0.0.0.0}",
      description =
          "Address all listeners bind to (env WSAUDIT_BIND_ADDRESS, default ${DEFAULT-VALUE}).")
  String bindAddress;

  @Option(
      names = "--otlp-max-body-bytes",
      defaultValue = "${env:WSAUDIT_OTLP_MAX_BODY_BYTES:-4194304}",
      description =
          "Largest OTLP request accepted, after decompression (env WSAUDIT_OTLP_MAX_BODY_BYTES,"
              + " default ${DEFAULT-VALUE} = 4 MiB).")
  int otlpMaxBodyBytes;

  @Option(
      names = "--otlp-bearer-token",
      defaultValue = "${env:WSAUDIT_OTLP_BEARER_TOKEN:-}",
      description =
          "When set, OTLP requests must carry 'Authorization: Bearer <token>'"
              + " (env WSAUDIT_OTLP_BEARER_TOKEN).")
  String otlpBearerToken;

  @Option(
      names = "--otlp-token-review",
      defaultValue = "${env:WSAUDIT_OTLP_TOKEN_REVIEW:-false}",
      arity = "0..1",
      fallbackValue = "true",
      description =
          "Verify OTLP bearer tokens as Kubernetes ServiceAccount tokens with a TokenReview; a"
              + " ServiceAccount may give evidence for its own namespace only"
              + " (env WSAUDIT_OTLP_TOKEN_REVIEW, default ${DEFAULT-VALUE}; the chart turns it on).")
  boolean otlpTokenReview;

  @Option(
      names = "--otlp-trusted-identities",
      defaultValue = "${env:WSAUDIT_OTLP_TRUSTED_IDENTITIES:-}",
      description =
          "Comma-separated usernames trusted for all namespaces, e.g."
              + " system:serviceaccount:otel:collector (env WSAUDIT_OTLP_TRUSTED_IDENTITIES).")
  String otlpTrustedIdentities;

  @Option(
      names = "--otlp-token-audiences",
      defaultValue = "${env:WSAUDIT_OTLP_TOKEN_AUDIENCES:-}",
      description =
          "Comma-separated audiences the TokenReview asks for (env WSAUDIT_OTLP_TOKEN_AUDIENCES);"
              + " empty: the API server's default.")
  String otlpTokenAudiences;

  @Option(
      names = "--watch-namespaces",
      defaultValue = "${env:WSAUDIT_WATCH_NAMESPACES:-}",
      description =
          "Comma-separated namespaces to watch (env WSAUDIT_WATCH_NAMESPACES); empty watches all.")
  String watchNamespaces;

  @Mixin ControllerOptions controllerOptions;

  @Option(
      names = "--leader-election",
      defaultValue = "${env:WSAUDIT_LEADER_ELECTION:-false}",
      arity = "0..1",
      fallbackValue = "true",
      description =
          "Take a Lease before reconciling, for more than one replica (env WSAUDIT_LEADER_ELECTION,"
              + " default ${DEFAULT-VALUE}).")
  boolean leaderElection;

  @Option(
      names = "--lease-name",
      defaultValue = "${env:WSAUDIT_LEASE_NAME:-wsaudit-operator}",
      description =
          "Name of the leader-election Lease (env WSAUDIT_LEASE_NAME, default ${DEFAULT-VALUE}).")
  String leaseName;

  @Option(
      names = "--lease-namespace",
      defaultValue = "${env:WSAUDIT_LEASE_NAMESPACE:-}",
      description =
          "Namespace of the Lease (env WSAUDIT_LEASE_NAMESPACE); empty: the operator's own namespace.")
  String leaseNamespace;

  @Option(
      names = "--lease-identity",
      defaultValue = "${env:WSAUDIT_LEASE_IDENTITY:-}",
      description =
          "This replica's identity in the Lease (env WSAUDIT_LEASE_IDENTITY); empty: the pod's hostname.")
  String leaseIdentity;

  @Option(
      names = "--patch-interval",
      defaultValue = "${env:WSAUDIT_PATCH_INTERVAL:-10m}",
      description =
          "Minimum time between two patches on the controller; each reloads nginx"
              + " (env WSAUDIT_PATCH_INTERVAL, default ${DEFAULT-VALUE}).")
  String patchInterval;

  @Option(
      names = "--grace-period",
      defaultValue = "${env:WSAUDIT_GRACE_PERIOD:-2m}",
      description =
          "After a patch, early closes count against it only after this (env WSAUDIT_GRACE_PERIOD,"
              + " default ${DEFAULT-VALUE}).")
  String gracePeriod;

  @Option(
      names = "--resync-interval",
      defaultValue = "${env:WSAUDIT_RESYNC_INTERVAL:-30s}",
      description =
          "How often policies are re-evaluated without new spans (env WSAUDIT_RESYNC_INTERVAL,"
              + " default ${DEFAULT-VALUE}).")
  String resyncInterval;

  @Option(
      names = "--proxy-logs",
      defaultValue = "${env:WSAUDIT_PROXY_LOGS:-true}",
      arity = "0..1",
      fallbackValue = "true",
      description =
          "Receive the proxy's access and error logs as OTLP logs (/v1/logs, LogsService); off, both"
              + " answer as unknown (env WSAUDIT_PROXY_LOGS, default ${DEFAULT-VALUE}).")
  boolean proxyLogs;

  @Mixin TraceUiOptions traceUi;

  public static void main(String[] args) {
    FatalErrors.install();
    CommandLine cli = new CommandLine(new WsAuditOperatorMain());
    // One log line (JSON when configured) instead of a stack trace on stderr, so log pipelines see
    // why it stopped.
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          LOG.error("wsaudit operator stopped: {}", e.getMessage(), e);
          return 1;
        });
    System.exit(cli.execute(args));
  }

  /** The configuration these flags describe. */
  OperatorConfig toConfig() {
    Set<String> namespaces = new LinkedHashSet<>();
    Arrays.stream(watchNamespaces.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .forEach(namespaces::add);
    return controllerOptions
        .applyTo(OperatorConfig.defaults())
        .withPorts(bindAddress, otlpHttpPort, otlpGrpcPort, httpPort)
        .withLimits(otlpMaxBodyBytes, blankToEmpty(otlpBearerToken))
        .withOtlpAuth(
            new OtlpAuth(
                otlpTokenReview, Set.copyOf(list(otlpTrustedIdentities)), list(otlpTokenAudiences)))
        .withWatchNamespaces(namespaces)
        .withLeaderElection(
            leaderElection,
            leaseName,
            blankToEmpty(leaseNamespace),
            blankToEmpty(leaseIdentity),
            true)
        .withTiming(duration(patchInterval), duration(gracePeriod), duration(resyncInterval))
        .withProxyLogs(proxyLogs)
        .withTraceLinks(traceUi.links());
  }

  @Override
  public Integer call() throws Exception {
    OperatorConfig config = toConfig();
    // Fabric8's standard resolution: in-cluster service account, then KUBECONFIG, then
    // ~/.kube/config.
    KubernetesClient client = new KubernetesClientBuilder().build();
    WsAuditOperator operator = new WsAuditOperator(config, client);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  operator.close();
                  client.close();
                  stopped.countDown();
                },
                "shutdown"));
    operator.start();
    stopped.await();
    return 0;
  }

  private static List<String> list(String commaSeparated) {
    return Arrays.stream(commaSeparated.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .distinct()
        .toList();
  }

  private static Optional<String> blankToEmpty(String s) {
    return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.trim());
  }

  private static Duration duration(String s) {
    try {
      return Durations.parse(s);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
