package io.wsaudit.operator.correlation;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The index keys {@link ClusterIndex}'s informers file objects under: a Pod by its IPs, an
 * EndpointSlice by the addresses and pods it lists, an Ingress by its backend Services and hosts.
 * Keys carry the namespace ({@code ns/value}) where the value alone is not unique.
 */
final class Indexers {

  private Indexers() {}

  static List<String> podIps(Pod p) {
    Set<String> ips = new LinkedHashSet<>();
    if (p.getStatus() != null) {
      if (p.getStatus().getPodIP() != null) {
        ips.add(p.getStatus().getPodIP());
      }
      if (p.getStatus().getPodIPs() != null) {
        p.getStatus().getPodIPs().stream()
            .map(PodIP::getIp)
            .filter(Objects::nonNull)
            .forEach(ips::add);
      }
    }
    return List.copyOf(ips);
  }

  static List<String> sliceAddresses(EndpointSlice s) {
    List<String> out = new ArrayList<>();
    for (Endpoint e : nullToEmpty(s.getEndpoints())) {
      for (String a : nullToEmpty(e.getAddresses())) {
        out.add(s.getMetadata().getNamespace() + "/" + a);
      }
    }
    return out;
  }

  static List<String> slicePods(EndpointSlice s) {
    List<String> out = new ArrayList<>();
    for (Endpoint e : nullToEmpty(s.getEndpoints())) {
      if (e.getTargetRef() != null && "Pod".equals(e.getTargetRef().getKind())) {
        String ns =
            e.getTargetRef().getNamespace() != null
                ? e.getTargetRef().getNamespace()
                : s.getMetadata().getNamespace();
        out.add(ns + "/" + e.getTargetRef().getName());
      }
    }
    return out;
  }

  static List<String> ingressServices(Ingress i) {
    Set<String> out = new LinkedHashSet<>();
    String ns = i.getMetadata().getNamespace();
    if (i.getSpec() == null) {
      return List.of();
    }
    addService(out, ns, i.getSpec().getDefaultBackend());
    for (IngressRule r : nullToEmpty(i.getSpec().getRules())) {
      if (r.getHttp() != null) {
        for (HTTPIngressPath p : nullToEmpty(r.getHttp().getPaths())) {
          addService(out, ns, p.getBackend());
        }
      }
    }
    return List.copyOf(out);
  }

  static void addService(Set<String> out, String ns, IngressBackend b) {
    if (b != null && b.getService() != null && b.getService().getName() != null) {
      out.add(ns + "/" + b.getService().getName());
    }
  }

  static List<String> ingressHosts(Ingress i) {
    Set<String> out = new LinkedHashSet<>();
    if (i.getSpec() != null) {
      for (IngressRule r : nullToEmpty(i.getSpec().getRules())) {
        out.add(r.getHost() == null ? "" : r.getHost());
      }
    }
    return List.copyOf(out);
  }

  static <E> List<E> nullToEmpty(List<E> l) {
    return l == null ? List.of() : l;
  }
}
