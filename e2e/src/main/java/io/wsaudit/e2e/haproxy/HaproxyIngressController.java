package io.wsaudit.e2e.haproxy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.wsaudit.e2e.stage.ControllerInformers;
import io.wsaudit.testkit.haproxy.Haproxy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

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
  private volatile ControllerInformers informers;
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
    informers = ControllerInformers.start(client, configMapNamespace, configMapName, this::changed);
    current = render();
    Files.createDirectories(dir);
    haproxy = Haproxy.start(dir, current.config());
    haproxy.awaitListening(Duration.ofSeconds(10), port);
    pending.set(false);
    return this;
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
    return new HaproxyIngressModel(informers.classesOf(controllerClass))
        .render(
            new HaproxyIngressModel.Input(
                informers.ingresses(),
                informers.configMap(),
                informers.services(),
                informers.endpointSlices()),
            port);
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
    if (informers != null) {
      informers.close();
    }
    if (haproxy != null) {
      haproxy.close();
    }
  }
}
