package io.wsaudit.e2e.nginx;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What an Ingress controller reads, through Fabric8 informers: Ingresses, IngressClasses, Services,
 * EndpointSlices and its own ConfigMap. Every add, update and delete calls back.
 */
public final class IngressSources implements NginxModelController.Sources {

  private final KubernetesClient client;
  private final String configMapNamespace;
  private final String configMapName;
  private SharedIndexInformer<Ingress> ingresses;
  private SharedIndexInformer<IngressClass> classes;
  private SharedIndexInformer<Service> services;
  private SharedIndexInformer<EndpointSlice> slices;
  private SharedIndexInformer<ConfigMap> configMap;

  public IngressSources(KubernetesClient client, String configMapNamespace, String configMapName) {
    this.client = client;
    this.configMapNamespace = configMapNamespace;
    this.configMapName = configMapName;
  }

  /** Starts the informers (each returns once it has listed); {@code changed} runs on events. */
  @Override
  public void start(Runnable changed) {
    ingresses = client.network().v1().ingresses().inAnyNamespace().inform(on(changed));
    classes = client.network().v1().ingressClasses().inform(on(changed));
    services = client.services().inAnyNamespace().inform(on(changed));
    slices = client.discovery().v1().endpointSlices().inAnyNamespace().inform(on(changed));
    configMap =
        client
            .configMaps()
            .inNamespace(configMapNamespace)
            .withName(configMapName)
            .inform(on(changed));
  }

  /** A handler that runs {@code changed} on every event. */
  public static <T> ResourceEventHandler<T> on(Runnable changed) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        changed.run();
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        changed.run();
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        changed.run();
      }
    };
  }

  /** Names of the IngressClasses whose {@code spec.controller} is {@code controller}. */
  public Set<String> classesOf(String controller) {
    return classes.getStore().list().stream()
        .filter(c -> c.getSpec() != null && controller.equals(c.getSpec().getController()))
        .map(c -> c.getMetadata().getName())
        .collect(Collectors.toSet());
  }

  /** Everything the informers hold now. */
  public IngressInput input() {
    return new IngressInput(ingresses(), configMap(), services(), endpointSlices());
  }

  public List<Ingress> ingresses() {
    return new ArrayList<>(ingresses.getStore().list());
  }

  public List<Service> services() {
    return new ArrayList<>(services.getStore().list());
  }

  public List<EndpointSlice> endpointSlices() {
    return new ArrayList<>(slices.getStore().list());
  }

  public Optional<ConfigMap> configMap() {
    return configMap.getStore().list().stream().findFirst();
  }

  @Override
  public void close() {
    for (SharedIndexInformer<?> i : List.of(ingresses, classes, services, slices, configMap)) {
      if (i != null) {
        i.close();
      }
    }
  }
}
