package io.wsaudit.e2e.nginx;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.List;
import java.util.Optional;

/** What an Ingress controller model reads from the API server. */
public record IngressInput(
    List<Ingress> ingresses,
    Optional<ConfigMap> configMap,
    List<Service> services,
    List<EndpointSlice> endpointSlices) {}
