package io.wsaudit.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.wsaudit.operator.config.OperatorConfig;
import io.wsaudit.operator.correlation.ClusterIndex;
import io.wsaudit.operator.correlation.Correlator;
import io.wsaudit.operator.correlation.EvidenceCollector;
import io.wsaudit.operator.correlation.EvidenceNotices;
import io.wsaudit.operator.correlation.EvidenceStore;
import io.wsaudit.operator.diagnosis.Diagnosis;
import io.wsaudit.operator.diagnosis.Rollbacks;
import io.wsaudit.operator.events.EventRecorder;
import io.wsaudit.operator.gateway.GatewayCaches;
import io.wsaudit.operator.gateway.GatewayRoutes;
import io.wsaudit.operator.health.OperatorMetrics;
import io.wsaudit.operator.health.OpsServer;
import io.wsaudit.operator.otlp.LogsIngest;
import io.wsaudit.operator.otlp.OtlpIngest;
import io.wsaudit.operator.otlp.OtlpReceivers;
import io.wsaudit.operator.policy.PolicyEvaluator;
import io.wsaudit.operator.policy.PolicyReconciler;
import io.wsaudit.operator.proxy.GatewayProxies;
import io.wsaudit.operator.proxy.gatewayapi.GatewayProxy;
import io.wsaudit.operator.proxy.ingressnginx.ReloadLog;
import io.wsaudit.operator.proxylog.NginxLogParsers;
import io.wsaudit.operator.proxylog.ProxyLogCollector;
import io.wsaudit.operator.proxylog.ProxyLogReport;
import io.wsaudit.operator.proxylog.ProxySpanCollector;
import io.wsaudit.operator.remediation.ActionApplier;
import io.wsaudit.operator.remediation.AnnotationPatcher;
import io.wsaudit.operator.remediation.PatchRateLimiter;
import io.wsaudit.operator.remediation.PolicyWriter;
import io.wsaudit.operator.rules.Rule;
import io.wsaudit.operator.rules.Rules;
import io.wsaudit.operator.serving.LeaseLoss;
import io.wsaudit.operator.tracing.FindingLinks;
import io.wsaudit.operator.trust.Authenticator;
import io.wsaudit.operator.trust.Authenticators;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running operator: wires the informer caches, OTLP receivers, JOSDK controller and ops
 * endpoints together.
 */
public final class WsAuditOperator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WsAuditOperator.class);

  /** Evidence older than this is useless to every window and grace period wsaudit supports. */
  private static final Duration EVIDENCE_RETENTION = Duration.ofHours(1);

  private static final int MAX_CONNECTIONS_PER_INGRESS = 2_000;

  /** How long the Gateway API caches may take before the operator goes on without them. */
  private static final Duration GATEWAY_START = Duration.ofMinutes(2);

  private final OperatorConfig config;
  private final KubernetesClient client;
  private final OperatorMetrics metrics = new OperatorMetrics();
  private final ClusterIndex index;
  private final GatewayCaches gatewayCaches;
  private final EvidenceStore store =
      new EvidenceStore(EVIDENCE_RETENTION, MAX_CONNECTIONS_PER_INGRESS);
  private final ReloadLog reloads = new ReloadLog();
  private final PolicyReconciler reconciler;
  private final ProxyLogCollector proxyLogs;
  private final LeaseLoss leaseLoss;
  private final Operator operator;
  private final OtlpReceivers otlp;
  private final OpsServer ops;
  private final ScheduledExecutorService housekeeping =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "evidence-housekeeping");
            t.setDaemon(true);
            return t;
          });
  private volatile boolean started;

  public WsAuditOperator(OperatorConfig config, KubernetesClient client) throws IOException {
    this.config = config;
    this.client = client;
    this.index = new ClusterIndex(client, config.watchNamespaces(), config.controller());
    List<Rule> rules = Rules.all();
    AnnotationPatcher patcher = new AnnotationPatcher(client, config.controller());
    PatchRateLimiter limiter =
        new PatchRateLimiter(
            config.patchInterval(),
            () -> IngressReloads.lastPatchOnRecord(index, config.controller()));
    EventRecorder events = new EventRecorder(client);
    // Informers for the Gateway API kinds exist only when a Gateway proxy is enabled.
    List<GatewayProxy> gatewayProxies = GatewayProxies.of(config.gatewayProxies());
    this.gatewayCaches = GatewayCaches.of(client, gatewayProxies);
    GatewayRoutes gateways = new GatewayRoutes(client, gatewayProxies, gatewayCaches);
    // One config push per patch and Gateway; restarts start it afresh (no record is read back).
    PatchRateLimiter gatewayLimiter = new PatchRateLimiter(config.patchInterval(), Optional::empty);
    PolicyEvaluator evaluator =
        new PolicyEvaluator(
            index,
            store,
            new Diagnosis(rules, config.controller(), config.gracePeriod()),
            limiter.slot(config.controller().id()),
            reloads,
            // Read at each evaluation, once the collector below exists.
            this::proxyLogReport,
            gateways,
            gatewayLimiter::slot);
    this.reconciler =
        new PolicyReconciler(
            evaluator,
            new ActionApplier(
                patcher, new PolicyWriter(client, gateways.writableKinds()), events, metrics),
            new Rollbacks(config.controller()),
            metrics,
            rules,
            config.resyncInterval(),
            Clock.systemUTC(),
            gateways::owned,
            new FindingLinks(config.traceLinks()));
    this.leaseLoss = new LeaseLoss(config.exitOnLostLease());
    this.operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  // Plain merge patches instead of server-side apply: SSA fights with GitOps field
                  // managers less, and the
                  // Fabric8 mock API server used in tests has no SSA.
                  .withUseSSAToPatchPrimaryResource(false)
                  .withSSABasedCreateUpdateMatchForDependentResources(false)
                  // Compare resourceVersions numerically so that a late informer event for an older
                  // version never replaces
                  // the status this operator just wrote in JOSDK's cache (a reconcile on it would
                  // forget a patch).
                  .withParseResourceVersions(true);
              if (config.leaderElection()) {
                o.withLeaderElectionConfiguration(
                    new LeaderElectionConfiguration(
                        config.leaseName(),
                        config.leaseNamespace().orElse(null),
                        LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
                        LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
                        LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
                        config.leaseIdentity().orElse(null),
                        leaseLoss.callbacks(),
                        false));
              }
            });
    operator.register(
        reconciler,
        c -> {
          if (!config.watchNamespaces().isEmpty()) {
            c.settingNamespaces(config.watchNamespaces());
          }
        });
    EvidenceCollector evidence =
        new EvidenceCollector(
            new Correlator(index, metrics::proxySpanAmbiguous, gateways),
            store,
            metrics,
            new EvidenceNotices(
                reconciler::evidenceArrived, EvidenceNotices.INTERVAL, housekeeping));
    OtlpIngest ingest =
        new OtlpIngest(
            evidence,
            new ProxySpanCollector(config.controller().namespace(), evidence, metrics),
            metrics,
            Clock.systemUTC());
    this.proxyLogs =
        new ProxyLogCollector(
            config.controller().namespace(),
            index::controllerConfigMap,
            new NginxLogParsers(ZoneOffset.UTC),
            evidence,
            metrics,
            Clock.systemUTC());
    Authenticator authenticator =
        Authenticators.of(
            config.otlpBearerToken(),
            config.otlpAuth().tokenReview(),
            config.otlpAuth().trustedIdentities(),
            config.otlpAuth().audiences(),
            client);
    this.otlp =
        new OtlpReceivers(
            config,
            authenticator,
            ingest,
            config.proxyLogs() ? new LogsIngest(proxyLogs, metrics) : null);
    this.ops =
        new OpsServer(config.bindAddress(), config.httpPort(), metrics, () -> true, this::ready);
  }

  /** Starts everything; returns once the caches have synced and the receivers listen. */
  public WsAuditOperator start() throws Exception {
    ops.start();
    try {
      // Generous: the first list of a large cluster is slow on a small node (bench/: 50k Pods on 2
      // shared cores
      // took over the 2 minutes this used to allow, and the operator exited instead of serving).
      index.start().get(10, TimeUnit.MINUTES);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      Throwable root = cause;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      throw new IllegalStateException(
          "could not list and watch Pods, EndpointSlices, Ingresses, IngressClasses"
              + " and the controller ConfigMap at "
              + client.getMasterUrl()
              + ": "
              + root,
          cause);
    }
    IngressReloads.watch(index, reloads, config.controller());
    gatewayCaches.start(GATEWAY_START);
    otlp.start();
    operator.start();
    housekeeping.scheduleWithFixedDelay(() -> store.expire(Instant.now()), 1, 1, TimeUnit.MINUTES);
    started = true;
    LOG.info(
        "wsaudit operator started: OTLP/HTTP {}, OTLP/gRPC {}, health and metrics {}",
        otlpHttpPort(),
        otlpGrpcPort(),
        httpPort());
    return this;
  }

  public boolean ready() {
    return started && index.hasSynced();
  }

  public int otlpHttpPort() {
    return otlp.httpPort();
  }

  public int otlpGrpcPort() {
    return otlp.grpcPort();
  }

  public int httpPort() {
    return ops.port();
  }

  /** The informer caches correlation reads (for diagnostics and tests). */
  public ClusterIndex clusterIndex() {
    return index;
  }

  private ProxyLogReport proxyLogReport() {
    return proxyLogs.report();
  }

  /** Where the OTLP logs receivers hand the controller's log lines. */
  public ProxyLogCollector proxyLogs() {
    return proxyLogs;
  }

  public OperatorMetrics metrics() {
    return metrics;
  }

  public OperatorConfig config() {
    return config;
  }

  @Override
  public void close() {
    started = false;
    leaseLoss.closing();
    housekeeping.shutdownNow();
    otlp.close();
    try {
      operator.stop();
    } catch (RuntimeException e) {
      LOG.debug("operator stop", e);
    }
    gatewayCaches.close();
    index.close();
    ops.close();
  }
}
