package io.wsaudit.e2e.model;

import io.wsaudit.e2e.nginx.ModelRuntime;
import io.wsaudit.e2e.nginx.RenderedConfig;
import io.wsaudit.testkit.process.DaemonThreads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The controller half every proxy model shares: it watches the objects a controller reads, renders
 * with its model on every change and, when the text differs, reloads the real proxy, as the
 * controllers do ("Configuration changes detected, backend reload required"). A subclass says what
 * it renders and how its proxy starts and reloads.
 *
 * @param <R> what the model renders
 */
public abstract class ProxyModelController<R extends RenderedConfig> implements AutoCloseable {

  /** One successful reload: which generation, when, and which rendered lines changed. */
  public record Reload(long generation, Instant at, List<String> removed, List<String> added) {}

  /** What a controller watches: started once, calling back on every change; closed at the end. */
  public interface Sources extends AutoCloseable {
    void start(Runnable changed);

    @Override
    void close();
  }

  private final String model;
  private final Sources sources;
  private final Path dir;
  private final int port;
  private final ScheduledExecutorService sync;
  private final AtomicBoolean pending = new AtomicBoolean();
  private final List<Reload> reloads = new CopyOnWriteArrayList<>();
  private final List<Consumer<Reload>> listeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<String>> errorListeners = new CopyOnWriteArrayList<>();
  private volatile R current;
  private volatile long generation;
  private volatile boolean running;
  private volatile String lastError;

  /**
   * @param model what a narration calls this model (e.g. {@code ingress-nginx model})
   * @param sources what the controller watches
   * @param dir the proxy's directory (configuration, logs, temp files)
   * @param port where the proxy listens on 127.0.0.1
   */
  protected ProxyModelController(String model, Sources sources, Path dir, int port) {
    this.model = model;
    this.sources = sources;
    this.dir = dir;
    this.port = port;
    this.sync =
        Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named(model.replace(' ', '-') + "-sync"));
  }

  /** Renders the configuration of this generation from what is watched now. */
  protected abstract R render(ModelRuntime runtime);

  /** Starts the proxy with the first configuration. */
  protected abstract void launch(R first, ModelRuntime runtime) throws IOException;

  /** Hands the proxy the configuration of generation {@code gen}. */
  protected abstract void reload(R next, long gen) throws IOException;

  /** Stops the proxy, if it runs. */
  protected abstract void stopProxy();

  /** The configuration without what changes every generation, for comparing two renderings. */
  protected String comparable(String config) {
    return config;
  }

  /**
   * Starts {@code controller} and hands it back as its own type: {@code started(new
   * NgfController(...))}.
   */
  public static <C extends ProxyModelController<?>> C started(C controller) throws IOException {
    controller.start();
    return controller;
  }

  /** Starts watching, renders generation 1 and starts the proxy with it. */
  public void start() throws IOException {
    sources.start(this::changed);
    generation = 1;
    current = render(runtime(generation));
    Files.createDirectories(dir);
    launch(current, runtime(generation));
    running = true;
    pending.set(false);
  }

  protected ModelRuntime runtime(long gen) {
    return new ModelRuntime(dir, port, runAsRoot(), gen);
  }

  /** Whether the proxy is told to run its workers as a user of their own (when we are root). */
  protected boolean runAsRoot() {
    return false;
  }

  private void changed() {
    if (running && pending.compareAndSet(false, true)) {
      sync.schedule(this::sync, 50, TimeUnit.MILLISECONDS);
    }
  }

  private void sync() {
    pending.set(false);
    try {
      R next = render(runtime(generation + 1));
      if (comparable(next.config()).equals(comparable(current.config()))) {
        return;
      }
      long gen = generation + 1;
      reload(next, gen);
      List<String> before = lines(current.config());
      List<String> after = lines(next.config());
      Reload r = new Reload(gen, Instant.now(), minus(before, after), minus(after, before));
      generation = gen;
      current = next;
      lastError = null;
      reloads.add(r);
      listeners.forEach(l -> l.accept(r));
    } catch (IOException | RuntimeException e) {
      // As the controllers: a failed reload keeps the old configuration running.
      lastError = e.getMessage();
      errorListeners.forEach(l -> l.accept(e.getMessage()));
    }
  }

  /**
   * The lines of {@code a} not matched one-for-one by a line of {@code b} (a multiset difference).
   */
  private static List<String> minus(List<String> a, List<String> b) {
    List<String> rest = new ArrayList<>(b);
    List<String> out = new ArrayList<>();
    for (String line : a) {
      if (!rest.remove(line)) {
        out.add(line);
      }
    }
    return out;
  }

  private List<String> lines(String config) {
    return comparable(config).lines().map(String::strip).collect(Collectors.toList());
  }

  public void onReload(Consumer<Reload> listener) {
    listeners.add(listener);
  }

  /** Called with the error when a re-rendered configuration fails the check or the reload. */
  public void onReloadError(Consumer<String> listener) {
    errorListeners.add(listener);
  }

  /** What a narration calls this model. */
  public String model() {
    return model;
  }

  public List<Reload> reloads() {
    return List.copyOf(reloads);
  }

  public R current() {
    return current;
  }

  public long generation() {
    return generation;
  }

  public Path dir() {
    return dir;
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
    sources.close();
    stopProxy();
  }
}
