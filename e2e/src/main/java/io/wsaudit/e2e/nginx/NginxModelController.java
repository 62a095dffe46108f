package io.wsaudit.e2e.nginx;

import io.wsaudit.e2e.model.ProxyModelController;
import io.wsaudit.testkit.nginx.Nginx;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;

/**
 * The shared model loop ({@link ProxyModelController}) driving a real nginx: every nginx model
 * (ingress-nginx, F5 NGINX Ingress Controller, NGINX Gateway Fabric) renders an nginx.conf and
 * reloads nginx with it. A subclass says what it watches and how it renders.
 *
 * @param <R> what the model renders
 */
public abstract class NginxModelController<R extends RenderedConfig>
    extends ProxyModelController<R> {

  /** Bounds a start or reload of nginx until the new workers answer. */
  private static final Duration NEW_WORKERS_WITHIN = Duration.ofSeconds(10);

  private volatile Nginx nginx;
  private volatile ServedGeneration served;

  /**
   * @param model what a narration calls this model (e.g. {@code ingress-nginx model})
   * @param sources what the controller watches
   * @param dir nginx's directory (configuration, logs, temp files)
   * @param port where nginx listens on 127.0.0.1
   */
  protected NginxModelController(String model, Sources sources, Path dir, int port) {
    super(model, sources, dir, port);
  }

  @Override
  protected void launch(R first, ModelRuntime runtime) throws IOException {
    served = new ServedGeneration(runtime.httpPort());
    nginx = Nginx.start(runtime.dir(), first.config());
    try {
      served.await(runtime.generation(), NEW_WORKERS_WITHIN, nginx::isAlive);
    } catch (RuntimeException e) {
      nginx.close();
      throw new IllegalStateException("nginx did not start: " + nginx.log(), e);
    }
  }

  @Override
  protected void reload(R next, long gen) throws IOException {
    nginx.reload(next.config());
    served.await(gen, NEW_WORKERS_WITHIN, nginx::isAlive);
  }

  @Override
  protected void stopProxy() {
    if (nginx != null) {
      nginx.close();
    }
  }

  @Override
  protected boolean runAsRoot() {
    return Nginx.runningAsRoot();
  }

  /** Without what changes every generation: the header and the generation probe. */
  @Override
  protected String comparable(String config) {
    return config
        .lines()
        .filter(l -> !l.startsWith(ModelFrame.HEADER))
        .filter(l -> !l.contains(ServedGeneration.PATH))
        .collect(Collectors.joining("\n"));
  }

  /** The running nginx (the test kit's launcher). */
  public Nginx nginx() {
    return nginx;
  }

  /** The generation nginx's current workers serve, or -1. */
  public long servedGeneration() {
    return served.current();
  }

  /** nginx's access log: the controller container's stdout in a cluster. */
  public Path accessLog() {
    return dir().resolve("access.log");
  }

  /** nginx's error log: the controller container's stderr in a cluster. */
  public Path errorLog() {
    return dir().resolve("error.log");
  }
}
