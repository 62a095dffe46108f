package io.wsaudit.e2e.nginx;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The controller half of the ingress-nginx model: watches Ingresses, IngressClasses, Services,
 * EndpointSlices and the controller ConfigMap through Fabric8 informers, re-renders with {@link
 * IngressNginxModel} on every change and, when the text differs, reloads the real nginx
 * ("Configuration changes detected, backend reload required"). Unlike ingress-nginx, endpoint
 * changes also reload (the model has no Lua balancer).
 */
public final class IngressNginxController implements AutoCloseable {

  /** One successful reload: which generation, when, and which rendered lines changed. */
  public record Reload(long generation, Instant at, List<String> removed, List<String> added) {}

  private final KubernetesClient client;
  private final String controllerClass;
  private final String configMapNamespace;
  private final String configMapName;
  private final Path dir;
  private final int port;
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private final ScheduledExecutorService sync =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "ingress-nginx-model-sync");
            t.setDaemon(true);
            return t;
          });
  private final AtomicBoolean pending = new AtomicBoolean();
  private final List<Reload> reloads = new CopyOnWriteArrayList<>();
  private final List<Consumer<Reload>> listeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<String>> errorListeners = new CopyOnWriteArrayList<>();
  private volatile IngressNginxModel.Rendered current;
  private volatile long generation;
  private volatile NginxProcess nginx;
  private volatile String lastError;

  public IngressNginxController(
      KubernetesClient client,
      String controllerClass,
      String configMapNamespace,
      String configMapName,
      Path dir,
      int port) {
    this.client = client;
    this.controllerClass = controllerClass;
    this.configMapNamespace = configMapNamespace;
    this.configMapName = configMapName;
    this.dir = dir;
    this.port = port;
  }

  /** Starts the informers, renders generation 1 and starts nginx with it. */
  public IngressNginxController start() throws IOException {
    ResourceEventHandler<Object> onChange =
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Object obj) {
            changed();
          }

          @Override
          public void onUpdate(Object oldObj, Object newObj) {
            changed();
          }

          @Override
          public void onDelete(Object obj, boolean deletedFinalStateUnknown) {
            changed();
          }
        };
    informers.add(client.network().v1().ingresses().inAnyNamespace().inform(cast(onChange)));
    informers.add(client.network().v1().ingressClasses().inform(cast(onChange)));
    informers.add(client.services().inAnyNamespace().inform(cast(onChange)));
    informers.add(client.discovery().v1().endpointSlices().inAnyNamespace().inform(cast(onChange)));
    informers.add(
        client
            .configMaps()
            .inNamespace(configMapNamespace)
            .withName(configMapName)
            .inform(cast(onChange)));
    generation = 1;
    current = render(generation);
    Files.createDirectories(dir);
    nginx = NginxProcess.start(dir, port, current.config(), generation);
    pending.set(false);
    return this;
  }

  @SuppressWarnings("unchecked")
  private static <T> ResourceEventHandler<T> cast(ResourceEventHandler<Object> h) {
    return (ResourceEventHandler<T>) (ResourceEventHandler<?>) h;
  }

  private void changed() {
    if (nginx != null && pending.compareAndSet(false, true)) {
      sync.schedule(this::sync, 50, TimeUnit.MILLISECONDS);
    }
  }

  private void sync() {
    pending.set(false);
    try {
      IngressNginxModel.Rendered next = render(generation + 1);
      if (withoutHeader(next.config()).equals(withoutHeader(current.config()))) {
        return;
      }
      long gen = generation + 1;
      nginx.reload(next.config(), gen);
      List<String> before = lines(current.config());
      List<String> after = lines(next.config());
      Reload r = new Reload(gen, Instant.now(), minus(before, after), minus(after, before));
      generation = gen;
      current = next;
      lastError = null;
      reloads.add(r);
      listeners.forEach(l -> l.accept(r));
    } catch (IOException | RuntimeException e) {
      // As ingress-nginx: a failed reload keeps the old configuration running.
      lastError = e.getMessage();
      errorListeners.forEach(l -> l.accept(e.getMessage()));
    }
  }

  /**
   * The lines of {@code a} not matched one-for-one by a line of {@code b} (a multiset difference).
   */
  static List<String> minus(List<String> a, List<String> b) {
    List<String> rest = new ArrayList<>(b);
    List<String> out = new ArrayList<>();
    for (String line : a) {
      if (!rest.remove(line)) {
        out.add(line);
      }
    }
    return out;
  }

  private static List<String> lines(String config) {
    return withoutHeader(config)
        .lines()
        .map(String::strip)
        .filter(l -> !l.startsWith("location = " + IngressNginxModel.GENERATION_PATH))
        .toList();
  }

  /**
   * The configuration without what changes every generation (the header and the generation
   * location).
   */
  private static String withoutHeader(String config) {
    return config
        .lines()
        .filter(l -> !l.startsWith("# Rendered by"))
        .filter(l -> !l.contains(IngressNginxModel.GENERATION_PATH))
        .collect(Collectors.joining("\n"));
  }

  private IngressNginxModel.Rendered render(long gen) {
    Set<String> classes =
        cache(1, IngressClass.class).stream()
            .filter(c -> c.getSpec() != null && controllerClass.equals(c.getSpec().getController()))
            .map(c -> c.getMetadata().getName())
            .collect(Collectors.toSet());
    List<Ingress> ingresses = cache(0, Ingress.class);
    List<Service> services = cache(2, Service.class);
    List<EndpointSlice> slices = cache(3, EndpointSlice.class);
    Optional<ConfigMap> cm = cache(4, ConfigMap.class).stream().findFirst();
    IngressNginxModel model =
        new IngressNginxModel(IngressNginxModel.DEFAULT_PREFIX, classes, "nginx");
    return model.render(
        new IngressNginxModel.Input(ingresses, cm, services, slices),
        new IngressNginxModel.Runtime(dir, port, NginxProcess.runningAsRoot(), gen));
  }

  @SuppressWarnings("unchecked")
  private <T> List<T> cache(int i, Class<T> type) {
    return new ArrayList<>((List<T>) informers.get(i).getStore().list());
  }

  public void onReload(Consumer<Reload> listener) {
    listeners.add(listener);
  }

  /**
   * Called with the error when a re-rendered configuration fails {@code nginx -t} or the reload.
   */
  public void onReloadError(Consumer<String> listener) {
    errorListeners.add(listener);
  }

  public List<Reload> reloads() {
    return List.copyOf(reloads);
  }

  public IngressNginxModel.Rendered current() {
    return current;
  }

  public long generation() {
    return generation;
  }

  public NginxProcess nginx() {
    return nginx;
  }

  /** nginx's access log ({@code upstreaminfo}): the controller container's stdout in a cluster. */
  public Path accessLog() {
    return dir.resolve("access.log");
  }

  /** nginx's error log: the controller container's stderr in a cluster. */
  public Path errorLog() {
    return dir.resolve("error.log");
  }

  public int port() {
    return port;
  }

  public Optional<String> lastError() {
    return Optional.ofNullable(lastError);
  }

  @Override
  public void close() {
    sync.shutdownNow();
    informers.forEach(SharedIndexInformer::close);
    if (nginx != null) {
      nginx.close();
    }
  }
}
