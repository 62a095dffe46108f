package io.wsaudit.operator.correlation;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.cache.ReducedStateItemStore;
import io.wsaudit.operator.proxy.ControllerSettings;
import io.wsaudit.operator.proxy.Proxies;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * Informer caches of everything correlation reads: Pods, EndpointSlices, Ingresses, IngressClasses
 * and the controller's ConfigMap. Correlating a span is a handful of index lookups; it never calls
 * the API server.
 */
public final class ClusterIndex implements IngressLookup, AutoCloseable {

  static final String SLICE_ADDRESS = "address";
  static final String SLICE_POD = "pod";
  static final String INGRESS_SERVICE = "service";
  static final String INGRESS_HOST = "host";
  static final String INGRESS_UPSTREAM = "upstream";

  /**
   * Label EndpointSlice controllers set to the owning Service's name (Kubernetes API conventions).
   */
  static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

  /**
   * Informers list in pages of this many objects (the API server's {@code limit}/{@code continue}):
   * one unpaged list of 50k Pods is ~300 MB of JSON that the HTTP client holds until the sync is
   * over (bench/README.md, "Operator"). The price: Fabric8 then lists without {@code
   * resourceVersion=0}, a consistent read (from the API server's watch cache since Kubernetes
   * 1.31's ConsistentListFromCache, from etcd before), in pages.
   */
  static final long LIST_PAGE = 500;

  private final Informers<Pod> pods;

  /** The Pod informers' stores, one per informer: what correlation reads of Pods. */
  private final List<PodFactsStore> podFacts;

  private final Informers<EndpointSlice> slices;
  private final Informers<Ingress> ingresses;
  private final Informers<IngressClass> ingressClasses;
  private final Informers<ConfigMap> configMaps;
  private final Informers<Service> services;
  private final ControllerSettings controller;

  /** Bumped on every IngressClass event: {@link #controllerClasses} is recomputed after one. */
  private final AtomicLong classesVersion = new AtomicLong();

  private volatile ControllerClasses controllerClasses = new ControllerClasses(-1, Set.of());

  private record ControllerClasses(long version, Set<String> names) {}

  public ClusterIndex(
      KubernetesClient client, Set<String> watchNamespaces, ControllerSettings controller) {
    this.controller = controller;
    // A Pod as the API returns it is ~6 KB of JSON (managedFields, the whole container spec,
    // status) and ~20 KB of heap once parsed; correlation reads only a few facts, so the cache
    // keeps only them, indexed by IP itself (PodFactsStore).
    List<PodFactsStore> podStores = new ArrayList<>();
    this.pods =
        Informers.paged(
            client.pods(),
            watchNamespaces,
            Map.of(),
            () -> {
              PodFactsStore s = new PodFactsStore();
              podStores.add(s);
              return s;
            });
    this.podFacts = List.copyOf(podStores);
    this.slices =
        Informers.paged(
            client.discovery().v1().endpointSlices(),
            watchNamespaces,
            Map.of(SLICE_ADDRESS, Indexers::sliceAddresses, SLICE_POD, Indexers::slicePods));
    this.ingresses =
        Informers.paged(
            client.network().v1().ingresses(),
            watchNamespaces,
            Map.of(
                INGRESS_SERVICE,
                Indexers::ingressServices,
                INGRESS_HOST,
                Indexers::ingressHosts,
                INGRESS_UPSTREAM,
                Indexers::ingressUpstreams));
    this.ingressClasses =
        new Informers<>(List.of(client.network().v1().ingressClasses().runnableInformer(0)));
    ingressClasses.onAnyChange(classesVersion::incrementAndGet);
    // Only the one ConfigMap is needed; a field selector keeps the other ConfigMaps (and their
    // Secrets-like data) out of memory. A proxy configured without a ConfigMap (Traefik's provider
    // options are static configuration) reads none.
    this.configMaps =
        new Informers<>(
            controller.configMap().isBlank()
                ? List.of()
                : List.of(
                    client
                        .configMaps()
                        .inNamespace(controller.namespace())
                        .withField("metadata.name", controller.configMap())
                        .runnableInformer(0)));
    // Services only for a proxy that reads their annotations (HAProxy's timeout-server), and of
    // each only its annotations.
    this.services =
        Proxies.of(controller).readsServices()
            ? Informers.paged(
                client.services(),
                watchNamespaces,
                Map.of(),
                () ->
                    new ReducedStateItemStore<>(
                        ReducedStateItemStore.NAME_KEY_STATE,
                        Service.class,
                        client.getKubernetesSerialization(),
                        "metadata.annotations"))
            : new Informers<>(List.of());
  }

  /** Starts every informer; the future completes when all caches have synced. */
  public CompletableFuture<Void> start() {
    return CompletableFuture.allOf(
        pods.start(),
        slices.start(),
        ingresses.start(),
        ingressClasses.start(),
        configMaps.start(),
        services.start());
  }

  public boolean hasSynced() {
    return pods.hasSynced()
        && slices.hasSynced()
        && ingresses.hasSynced()
        && ingressClasses.hasSynced()
        && configMaps.hasSynced()
        && services.hasSynced();
  }

  public ControllerSettings controller() {
    return controller;
  }

  /** The Pod's facts, or null when it is not in the cache. */
  public PodFacts podFacts(String namespace, String name) {
    for (PodFactsStore s : podFacts) {
      PodFacts f = s.facts(namespace, name);
      if (f != null) {
        return f;
      }
    }
    return null;
  }

  /**
   * A Pod holding only what the cache keeps of it (namespace, name, IPs, phase, host network), or
   * null.
   */
  public Pod pod(String namespace, String name) {
    PodFacts f = podFacts(namespace, name);
    return f == null ? null : f.toPod();
  }

  /**
   * Pods with this IP; host-network pods share the node's IP and are left out, they cannot be the
   * match.
   */
  public List<PodFacts> podsByIp(String ip) {
    List<PodFacts> out = new ArrayList<>(1);
    for (PodFactsStore s : podFacts) {
      for (PodFacts f : s.byIp(ip)) {
        if (!f.hostNetwork()) {
          out.add(f);
        }
      }
    }
    return out;
  }

  /** Names of the Services (in the pod's namespace) whose EndpointSlices list this pod. */
  public Set<String> servicesOf(Pod pod) {
    return servicesOf(PodFacts.of(pod));
  }

  /** Names of the Services (in the pod's namespace) whose EndpointSlices list this pod. */
  public Set<String> servicesOf(PodFacts pod) {
    String ns = pod.namespace();
    // No set of slices: EndpointSlice.hashCode hashes the whole object (~4 % of ingestion's CPU).
    Set<String> services = new LinkedHashSet<>();
    addServices(slices.byIndex(SLICE_POD, ns + "/" + pod.name()), services);
    for (String ip : pod.ips()) {
      addServices(slices.byIndex(SLICE_ADDRESS, ns + "/" + ip), services);
    }
    return services;
  }

  private static void addServices(List<EndpointSlice> found, Set<String> services) {
    for (EndpointSlice s : found) {
      Map<String, String> labels = s.getMetadata().getLabels();
      String svc = labels == null ? null : labels.get(SERVICE_NAME_LABEL);
      if (svc != null) {
        services.add(svc);
      }
    }
  }

  @Override
  public List<Ingress> ingressesForService(String namespace, String service) {
    return ingresses.byIndex(INGRESS_SERVICE, namespace + "/" + service);
  }

  @Override
  public List<Ingress> ingressesForHost(String host) {
    return ingresses.byIndex(INGRESS_HOST, host == null ? "" : host);
  }

  /** Ingresses with a backend ingress-nginx names {@code upstreamName} in its log. */
  public List<Ingress> ingressesForUpstream(String upstreamName) {
    return ingresses.byIndex(INGRESS_UPSTREAM, upstreamName);
  }

  public Ingress ingress(String namespace, String name) {
    return ingresses.get(namespace, name);
  }

  public List<Ingress> ingresses() {
    return ingresses.list();
  }

  public Collection<IngressClass> ingressClasses() {
    return ingressClasses.list();
  }

  /**
   * Names of the IngressClasses of the configured controller ({@link IngressClasses#ofController}),
   * kept between IngressClass events: correlation asks for every observation.
   */
  public Set<String> controllerClasses() {
    long v = classesVersion.get();
    ControllerClasses c = controllerClasses;
    if (c.version() != v) {
      // Read after the version: an event in between bumps it again, so the next call recomputes.
      c =
          new ControllerClasses(
              v, IngressClasses.ofController(ingressClasses.list(), controller.controllerClass()));
      controllerClasses = c;
    }
    return c.names();
  }

  /**
   * The controller's ConfigMap, or null when there is none (ingress-nginx then uses its built-in
   * defaults).
   */
  public ConfigMap controllerConfigMap() {
    return configMaps.get(controller.namespace(), controller.configMap());
  }

  /** A Service's annotations, when its proxy reads them (else, and when unknown, null). */
  public Map<String, String> serviceAnnotations(String namespace, String name) {
    Service s = services.get(namespace, name);
    return s == null ? null : s.getMetadata().getAnnotations();
  }

  /** Ingress changes from now on, for the reload history (see {@link Informers#onChange}). */
  public void onIngressChange(BiConsumer<Ingress, Ingress> changed) {
    ingresses.onChange(changed);
  }

  /** Changes of the controller ConfigMap from now on. */
  public void onConfigMapChange(BiConsumer<ConfigMap, ConfigMap> changed) {
    configMaps.onChange(changed);
  }

  @Override
  public void close() {
    pods.close();
    slices.close();
    ingresses.close();
    ingressClasses.close();
    configMaps.close();
    services.close();
  }
}
