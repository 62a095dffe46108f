package io.wsaudit.e2e.haproxy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.wsaudit.testkit.haproxy.Haproxy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * The controller half of the HAProxy Ingress model: watches Ingresses, IngressClasses, Services,
 * EndpointSlices and the controller ConfigMap through Fabric8 informers, re-renders haproxy.cfg
 * with {@link HaproxyIngressModel} on every change and, when the text differs, reloads the real
 * haproxy ({@code -sf}: old connections stay with the old process, as the controller's reload
 * leaves them to the old workers until {@code hard-stop-after}). A changed backend reloads in the
 * controller too ({@code pkg/service/service.go}, "backend upserted").
 */
public final class HaproxyIngressController implements AutoCloseable {

  /** One successful reload: which generation, when, and which rendered lines changed. */
  public record Reload(long generation, Instant at, List<String> removed, List<String> added) {}

  private final KubernetesClient client;
  private final String controllerClass;
  private final String configMapNamespace;
  private final String configMapName;
  private final Path dir;
  private final int port;
  private final List<SharedIndexInformer<? extends HasMetadata>> informers = new ArrayList<>();
  private final ScheduledExecutorService sync =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "haproxy-model-sync");
            t.setDaemon(true);
            return t;
          });
  private final AtomicBoolean pending = new AtomicBoolean();
  private final List<Reload> reloads = new CopyOnWriteArrayList<>();
  private final List<Consumer<Reload>> listeners = new CopyOnWriteArrayList<>();
  private volatile HaproxyIngressModel.Rendered current;
  private volatile Haproxy haproxy;

  public HaproxyIngressController(
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

  /** Starts the informers, renders the first haproxy.cfg and starts haproxy with it. */
  public HaproxyIngressController start() throws IOException {
    ResourceEventHandler<HasMetadata> onChange =
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(HasMetadata obj) {
            changed();
          }

          @Override
          public void onUpdate(HasMetadata oldObj, HasMetadata newObj) {
            changed();
          }

          @Override
          public void onDelete(HasMetadata obj, boolean deletedFinalStateUnknown) {
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
    current = render();
    Files.createDirectories(dir);
    haproxy = Haproxy.start(dir, current.config());
    haproxy.awaitListening(Duration.ofSeconds(10), port);
    pending.set(false);
    return this;
  }

  @SuppressWarnings("unchecked")
  private static <T> ResourceEventHandler<T> cast(ResourceEventHandler<HasMetadata> h) {
    return (ResourceEventHandler<T>) (ResourceEventHandler<?>) h;
  }

  private void changed() {
    if (haproxy != null && pending.compareAndSet(false, true)) {
      sync.schedule(this::sync, 50, TimeUnit.MILLISECONDS);
    }
  }

  private void sync() {
    pending.set(false);
    try {
      HaproxyIngressModel.Rendered next = render();
      if (next.config().equals(current.config())) {
        return;
      }
      haproxy.reload(next.config());
      haproxy.awaitListening(Duration.ofSeconds(10), port);
      List<String> before = current.config().lines().map(String::strip).toList();
      List<String> after = next.config().lines().map(String::strip).toList();
      Reload r =
          new Reload(
              reloads.size() + 2L,
              Instant.now(),
              before.stream().filter(l -> !after.contains(l)).toList(),
              after.stream().filter(l -> !before.contains(l)).toList());
      current = next;
      reloads.add(r);
      listeners.forEach(l -> l.accept(r));
    } catch (IOException | RuntimeException e) {
      // As the controller: a configuration haproxy refuses leaves the running one in place.
      System.err.println("haproxy model: reload failed, old configuration kept: " + e);
    }
  }

  private HaproxyIngressModel.Rendered render() {
    Set<String> classes =
        cache(1, IngressClass.class).stream()
            .filter(c -> c.getSpec() != null && controllerClass.equals(c.getSpec().getController()))
            .map(c -> c.getMetadata().getName())
            .collect(Collectors.toSet());
    Optional<ConfigMap> cm = cache(4, ConfigMap.class).stream().findFirst();
    return new HaproxyIngressModel(classes)
        .render(
            new HaproxyIngressModel.Input(
                cache(0, Ingress.class),
                cm,
                cache(2, Service.class),
                cache(3, EndpointSlice.class)),
            port);
  }

  @SuppressWarnings("unchecked")
  private <T> List<T> cache(int i, Class<T> type) {
    return new ArrayList<>((List<T>) informers.get(i).getStore().list());
  }

  public void onReload(Consumer<Reload> listener) {
    listeners.add(listener);
  }

  public List<Reload> reloads() {
    return List.copyOf(reloads);
  }

  public HaproxyIngressModel.Rendered current() {
    return current;
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    sync.shutdownNow();
    informers.forEach(SharedIndexInformer::close);
    if (haproxy != null) {
      haproxy.close();
    }
  }
}
