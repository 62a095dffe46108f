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

  /**
   * The {@code $proxy_upstream_name}s ingress-nginx gives the Ingress's backends, in both
   * spellings: {@code namespace-service-port}, and with the {@code -noncanary} / {@code -canary}
   * suffix newer releases append (kubernetes/ingress-nginx {@code
   * internal/ingress/controller/util.go}, {@code upstreamName}).
   */
  static List<String> ingressUpstreams(Ingress i) {
    Set<String> out = new LinkedHashSet<>();
    String ns = i.getMetadata().getNamespace();
    for (IngressBackend b : backends(i)) {
      String name = upstreamName(ns, b);
      if (name != null) {
        out.addAll(upstreamNames(name));
      }
    }
    return List.copyOf(out);
  }

  /** An upstream name in the spellings of old and new ingress-nginx releases. */
  static List<String> upstreamNames(String name) {
    return List.of(name, name + "-noncanary", name + "-canary");
  }

  /**
   * The upstream name ingress-nginx writes for a Service backend: {@code namespace-service-port},
   * the port's number when it has one, else its name (kubernetes/ingress-nginx {@code
   * internal/ingress/controller/util.go}, {@code upstreamName}); null for a backend without a
   * Service or port (ingress-nginx's {@code namespace-INVALID}).
   */
  static String upstreamName(String ns, IngressBackend b) {
    if (b == null || b.getService() == null || b.getService().getName() == null) {
      return null;
    }
    var port = b.getService().getPort();
    if (port == null) {
      return null;
    }
    if (port.getNumber() != null && port.getNumber() > 0) {
      return ns + "-" + b.getService().getName() + "-" + port.getNumber();
    }
    if (port.getName() != null && !port.getName().isEmpty()) {
      return ns + "-" + b.getService().getName() + "-" + port.getName();
    }
    return null;
  }

  /** Every backend of an Ingress: the default one and each path's. */
  static List<IngressBackend> backends(Ingress i) {
    List<IngressBackend> out = new ArrayList<>();
    if (i.getSpec() == null) {
      return out;
    }
    if (i.getSpec().getDefaultBackend() != null) {
      out.add(i.getSpec().getDefaultBackend());
    }
    for (IngressRule r : nullToEmpty(i.getSpec().getRules())) {
      if (r.getHttp() != null) {
        for (HTTPIngressPath p : nullToEmpty(r.getHttp().getPaths())) {
          out.add(p.getBackend());
        }
      }
    }
    return out;
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
