package io.wsaudit.e2e.nginx;

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
 * The controller half every nginx model shares: it watches the objects a controller reads, renders
 * with its model on every change and, when the text differs, reloads the real nginx, as the
 * controllers do ("Configuration changes detected, backend reload required"). A subclass says what
 * it watches and how it renders.
 *
 * @param <R> what the model renders
 */
public abstract class NginxModelController<R extends RenderedConfig> implements AutoCloseable {

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
  private volatile NginxProcess nginx;
  private volatile String lastError;

  /**
   * @param model what a narration calls this model (e.g. {@code ingress-nginx model})
   * @param sources what the controller watches
   * @param dir nginx's directory (configuration, logs, temp files)
   * @param port where nginx listens on 127.0.0.1
   */
  protected NginxModelController(String model, Sources sources, Path dir, int port) {
    this.model = model;
    this.sources = sources;
    this.dir = dir;
    this.port = port;
    this.sync =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, model.replace(' ', '-') + "-sync");
              t.setDaemon(true);
              return t;
            });
  }

  /** Renders the configuration of this generation from what is watched now. */
  protected abstract R render(ModelRuntime runtime);

  /** Starts watching, renders generation 1 and starts nginx with it. */
  public NginxModelController<R> start() throws IOException {
    sources.start(this::changed);
    generation = 1;
    current = render(runtime(generation));
    Files.createDirectories(dir);
    nginx = NginxProcess.start(dir, port, current.config(), generation);
    pending.set(false);
    return this;
  }

  private ModelRuntime runtime(long gen) {
    return new ModelRuntime(dir, port, NginxProcess.runningAsRoot(), gen);
  }

  private void changed() {
    if (nginx != null && pending.compareAndSet(false, true)) {
      sync.schedule(this::sync, 50, TimeUnit.MILLISECONDS);
    }
  }

  private void sync() {
    pending.set(false);
    try {
      R next = render(runtime(generation + 1));
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
      // As the controllers: a failed reload keeps the old configuration running.
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
    return withoutHeader(config).lines().map(String::strip).toList();
  }

  /** The configuration without what changes every generation (the header, the probe). */
  private static String withoutHeader(String config) {
    return config
        .lines()
        .filter(l -> !l.startsWith(ModelFrame.HEADER))
        .filter(l -> !l.contains(NginxProcess.GENERATION_PATH))
        .collect(Collectors.joining("\n"));
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

  public NginxProcess nginx() {
    return nginx;
  }

  /** nginx's access log: the controller container's stdout in a cluster. */
  public Path accessLog() {
    return dir.resolve("access.log");
  }

  /** nginx's error log: the controller container's stderr in a cluster. */
  public Path errorLog() {
    return dir.resolve("error.log");
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
    if (nginx != null) {
      nginx.close();
    }
  }
}
