package io.wsaudit.operator.proxy.gatewayapi;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Keeps an {@link HttpRouteIndex} in step with the cluster: informers on HTTPRoutes, Gateways (all
 * namespaces; a route may name a Gateway elsewhere) and GatewayClasses whose events put or remove
 * objects. The seam starts one only when a Gateway API proxy is enabled, so the RBAC for these
 * kinds is needed only then.
 */
public final class HttpRouteFeed implements AutoCloseable {

  private final List<SharedIndexInformer<? extends HasMetadata>> informers;

  public HttpRouteFeed(KubernetesClient client, HttpRouteIndex index) {
    this.informers =
        List.of(
            feed(client.resources(HTTPRoute.class).inAnyNamespace().runnableInformer(0), index),
            feed(client.resources(Gateway.class).inAnyNamespace().runnableInformer(0), index),
            feed(client.resources(GatewayClass.class).runnableInformer(0), index));
  }

  private static <T extends HasMetadata> SharedIndexInformer<T> feed(
      SharedIndexInformer<T> informer, HttpRouteIndex index) {
    informer.addEventHandler(
        new ResourceEventHandler<T>() {
          @Override
          public void onAdd(T obj) {
            index.put(obj);
          }

          @Override
          public void onUpdate(T before, T after) {
            index.put(after);
          }

          @Override
          public void onDelete(T obj, boolean finalStateUnknown) {
            index.remove(obj);
          }
        });
    return informer;
  }

  /** Starts the informers; the future completes when every cache has synced. */
  public CompletableFuture<Void> start() {
    return CompletableFuture.allOf(
        informers.stream()
            .map(i -> i.start().toCompletableFuture())
            .toArray(CompletableFuture[]::new));
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
  }
}
