package io.wsaudit.e2e.ngf;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.wsaudit.e2e.nginx.IngressSources;
import io.wsaudit.e2e.nginx.NginxModelController;
import java.util.ArrayList;
import java.util.List;

/**
 * What NGF reads for a Gateway, through Fabric8 informers: GatewayClasses, Gateways and HTTPRoutes
 * (Gateway API v1), ProxySettingsPolicies ({@code gateway.nginx.org/v1alpha1}, read as {@link
 * GenericKubernetesResource}s), Services and EndpointSlices.
 */
final class NgfSources implements NginxModelController.Sources {

  private final KubernetesClient client;
  private final List<SharedIndexInformer<?>> all = new ArrayList<>();
  private SharedIndexInformer<GatewayClass> classes;
  private SharedIndexInformer<Gateway> gateways;
  private SharedIndexInformer<HTTPRoute> routes;
  private SharedIndexInformer<GenericKubernetesResource> policies;
  private SharedIndexInformer<Service> services;
  private SharedIndexInformer<EndpointSlice> slices;

  NgfSources(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public void start(Runnable changed) {
    classes = add(client.resources(GatewayClass.class).inform(IngressSources.on(changed)));
    gateways =
        add(client.resources(Gateway.class).inAnyNamespace().inform(IngressSources.on(changed)));
    routes =
        add(client.resources(HTTPRoute.class).inAnyNamespace().inform(IngressSources.on(changed)));
    policies =
        add(
            client
                .genericKubernetesResources(
                    new ResourceDefinitionContext.Builder()
                        .withGroup(ProxySettingsPolicies.GROUP)
                        .withVersion(ProxySettingsPolicies.VERSION)
                        .withKind(ProxySettingsPolicies.KIND)
                        .withPlural(ProxySettingsPolicies.PLURAL)
                        .withNamespaced(true)
                        .build())
                .inAnyNamespace()
                .inform(IngressSources.on(changed)));
    services = add(client.services().inAnyNamespace().inform(IngressSources.on(changed)));
    slices =
        add(
            client
                .discovery()
                .v1()
                .endpointSlices()
                .inAnyNamespace()
                .inform(IngressSources.on(changed)));
  }

  private <T> SharedIndexInformer<T> add(SharedIndexInformer<T> informer) {
    all.add(informer);
    return informer;
  }

  NgfModel.Input input() {
    return new NgfModel.Input(
        new ArrayList<>(classes.getStore().list()),
        new ArrayList<>(gateways.getStore().list()),
        new ArrayList<>(routes.getStore().list()),
        new ArrayList<>(policies.getStore().list()),
        new ArrayList<>(services.getStore().list()),
        new ArrayList<>(slices.getStore().list()));
  }

  @Override
  public void close() {
    all.forEach(SharedIndexInformer::close);
  }
}
