package io.wsaudit.e2e.nginx;

import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** An upstream's servers: the ready addresses of a Service port's EndpointSlices, sorted. */
public final class UpstreamServers {

  private UpstreamServers() {}

  public static List<String> of(
      String ns, String service, ServicePort sp, List<EndpointSlice> slices) {
    List<String> out = new ArrayList<>();
    for (EndpointSlice slice : slices) {
      Map<String, String> labels = slice.getMetadata().getLabels();
      if (!ns.equals(slice.getMetadata().getNamespace())
          || labels == null
          || !service.equals(labels.get("kubernetes.io/service-name"))
          || slice.getPorts() == null
          || slice.getEndpoints() == null) {
        continue;
      }
      Optional<Integer> target =
          slice.getPorts().stream()
              .filter(
                  p -> Objects.equals(p.getName(), sp.getName()) || slice.getPorts().size() == 1)
              .map(EndpointPort::getPort)
              .filter(Objects::nonNull)
              .findFirst();
      if (target.isEmpty()) {
        continue;
      }
      for (Endpoint e : slice.getEndpoints()) {
        boolean ready =
            e.getConditions() == null
                || e.getConditions().getReady() == null
                || e.getConditions().getReady();
        if (ready && e.getAddresses() != null && !e.getAddresses().isEmpty()) {
          out.add(e.getAddresses().get(0) + ":" + target.get());
        }
      }
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }
}
