package io.wsaudit.e2e.nginx;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What an Ingress controller model reads from the API server. */
public record IngressInput(
    List<Ingress> ingresses,
    Optional<ConfigMap> configMap,
    List<Service> services,
    List<EndpointSlice> endpointSlices) {

  /**
   * The port of the Service in {@code namespace} that an Ingress backend names, by number or name.
   */
  public Optional<ServicePort> servicePort(String namespace, IngressServiceBackend backend) {
    if (backend.getPort() == null) {
      return Optional.empty();
    }
    return services.stream()
        .filter(
            s ->
                namespace.equals(s.getMetadata().getNamespace())
                    && backend.getName().equals(s.getMetadata().getName()))
        .flatMap(s -> s.getSpec().getPorts().stream())
        .filter(
            sp ->
                Objects.equals(sp.getPort(), backend.getPort().getNumber())
                    || (sp.getName() != null && sp.getName().equals(backend.getPort().getName())))
        .findFirst();
  }

  /**
   * The backend's port as the controllers write it in upstream names: its number, else its name.
   */
  public static String portLabel(IngressServiceBackend backend) {
    if (backend.getPort() == null) {
      return "";
    }
    return backend.getPort().getNumber() != null
        ? String.valueOf(backend.getPort().getNumber())
        : backend.getPort().getName();
  }
}
