package io.wsaudit.operator.gateway;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.wsaudit.operator.proxy.gatewayapi.GatewayProxy;
import io.wsaudit.operator.proxy.gatewayapi.HttpRouteFeed;
import io.wsaudit.operator.proxy.gatewayapi.HttpRouteIndex;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The informers of the Gateway API kinds, started only when a Gateway proxy is enabled: HTTPRoutes,
 * Gateways and GatewayClasses into an {@link HttpRouteIndex}, and the policy kinds the enabled
 * proxies read. A kind the cluster does not serve (its CRD not installed) or RBAC refuses stops
 * them all with one clear log line and a {@link #problem()} the policies' status shows; the Ingress
 * path goes on unaffected.
 */
public final class GatewayCaches implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayCaches.class);

  private final HttpRouteIndex index = new HttpRouteIndex();
  private final HttpRouteFeed feed;
  private final Map<String, SharedIndexInformer<GenericKubernetesResource>> policies =
      new LinkedHashMap<>();
  private volatile String problem;

  private GatewayCaches(KubernetesClient client, List<GatewayProxy> proxies) {
    this.feed = client == null ? null : new HttpRouteFeed(client, index);
    for (GatewayProxy p : proxies) {
      for (GatewayProxy.PolicyKind k : p.reads()) {
        policies.computeIfAbsent(
            k.id(),
            id ->
                client
                    .genericKubernetesResources(k.apiVersion(), k.kind())
                    .inAnyNamespace()
                    .runnableInformer(0));
      }
    }
  }

  public static GatewayCaches of(KubernetesClient client, List<GatewayProxy> proxies) {
    return proxies.isEmpty() ? none() : new GatewayCaches(client, proxies);
  }

  static GatewayCaches none() {
    return new GatewayCaches(null, List.of());
  }

  HttpRouteIndex index() {
    return index;
  }

  List<GenericKubernetesResource> policies(GatewayProxy.PolicyKind kind) {
    SharedIndexInformer<GenericKubernetesResource> i = policies.get(kind.id());
    return i == null || problem != null ? List.of() : i.getStore().list();
  }

  Optional<String> problem() {
    return Optional.ofNullable(problem);
  }

  /**
   * Starts every informer and waits for their caches up to {@code timeout}; on a failure it stops
   * them and records why, never throwing.
   */
  public void start(Duration timeout) {
    if (feed == null) {
      return;
    }
    List<CompletableFuture<?>> started = new ArrayList<>();
    started.add(feed.start());
    policies.values().forEach(i -> started.add(i.start().toCompletableFuture()));
    try {
      CompletableFuture.allOf(started.toArray(CompletableFuture[]::new))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      problem =
          "could not list and watch the Gateway API kinds (HTTPRoute, Gateway, GatewayClass and "
              + String.join(", ", policies.keySet())
              + "): "
              + root.getMessage()
              + "; are their CRDs installed and the chart's RBAC for them granted? HTTPRoutes are"
              + " not audited until the operator restarts with them";
      LOG.error(problem);
      close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      problem = "interrupted while starting the Gateway API informers";
      close();
    }
  }

  @Override
  public void close() {
    if (feed != null) {
      feed.close();
    }
    policies.values().forEach(SharedIndexInformer::close);
  }
}
