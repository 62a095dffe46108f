package io.wsaudit.e2e.stage;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
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
 * What a proxy controller model watches, as the real controllers do through informers: Ingresses,
 * IngressClasses, Services, EndpointSlices and its one ConfigMap. Every add, update or delete calls
 * {@code changed}; the getters read the caches.
 */
public final class ControllerInformers implements AutoCloseable {

  private final SharedIndexInformer<Ingress> ingresses;
  private final SharedIndexInformer<IngressClass> classes;
  private final SharedIndexInformer<Service> services;
  private final SharedIndexInformer<EndpointSlice> slices;
  private final SharedIndexInformer<ConfigMap> configMap;

  private ControllerInformers(
      KubernetesClient client, String configMapNamespace, String configMapName, Runnable changed) {
    ResourceEventHandler<HasMetadata> h = onEveryChange(changed);
    ingresses = client.network().v1().ingresses().inAnyNamespace().inform(cast(h));
    classes = client.network().v1().ingressClasses().inform(cast(h));
    services = client.services().inAnyNamespace().inform(cast(h));
    slices = client.discovery().v1().endpointSlices().inAnyNamespace().inform(cast(h));
    configMap =
        client.configMaps().inNamespace(configMapNamespace).withName(configMapName).inform(cast(h));
  }

  /** Starts the informers and returns once their caches are filled. */
  public static ControllerInformers start(
      KubernetesClient client, String configMapNamespace, String configMapName, Runnable changed) {
    return new ControllerInformers(client, configMapNamespace, configMapName, changed);
  }

  private static ResourceEventHandler<HasMetadata> onEveryChange(Runnable changed) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(HasMetadata obj) {
        changed.run();
      }

      @Override
      public void onUpdate(HasMetadata oldObj, HasMetadata newObj) {
        changed.run();
      }

      @Override
      public void onDelete(HasMetadata obj, boolean deletedFinalStateUnknown) {
        changed.run();
      }
    };
  }

  @SuppressWarnings("unchecked")
  private static <T> ResourceEventHandler<T> cast(ResourceEventHandler<HasMetadata> h) {
    return (ResourceEventHandler<T>) (ResourceEventHandler<?>) h;
  }

  /** The names of the IngressClasses whose {@code spec.controller} is {@code controllerClass}. */
  public Set<String> classesOf(String controllerClass) {
    return classes.getStore().list().stream()
        .filter(c -> c.getSpec() != null && controllerClass.equals(c.getSpec().getController()))
        .map(c -> c.getMetadata().getName())
        .collect(Collectors.toSet());
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
    List.of(ingresses, classes, services, slices, configMap).forEach(SharedIndexInformer::close);
  }
}
