package io.wsaudit.e2e.haproxy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.wsaudit.e2e.model.ProxyModelController;
import io.wsaudit.e2e.nginx.IngressSources;
import io.wsaudit.e2e.nginx.ModelRuntime;
import io.wsaudit.operator.proxy.ControllerSettings;
import io.wsaudit.testkit.haproxy.Haproxy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The controller half of the HAProxy Ingress model, on the shared model loop: watches Ingresses,
 * IngressClasses, Services, EndpointSlices and the controller ConfigMap ({@link IngressSources}),
 * re-renders haproxy.cfg with {@link HaproxyIngressModel} on every change and, when the text
 * differs, reloads the real haproxy ({@code -sf}: old connections stay with the old process, as the
 * controller's reload leaves them to the old workers until {@code hard-stop-after}). A changed
 * backend reloads in the controller too ({@code pkg/service/service.go}, "backend upserted").
 */
public final class HaproxyIngressController
    extends ProxyModelController<HaproxyIngressModel.Rendered> {

  private static final Duration LISTENING = Duration.ofSeconds(10);

  private final String controllerClass;
  private final IngressSources sources;
  private volatile Haproxy haproxy;

  /** The model of the controller {@code controller} describes (class, ConfigMap). */
  public HaproxyIngressController(
      KubernetesClient client, ControllerSettings controller, Path dir, int port) {
    this(
        controller.controllerClass(),
        new IngressSources(client, controller.namespace(), controller.configMap()),
        dir,
        port);
  }

  private HaproxyIngressController(
      String controllerClass, IngressSources sources, Path dir, int port) {
    super("haproxy model", sources, dir, port);
    this.controllerClass = controllerClass;
    this.sources = sources;
    // As the controller: a configuration haproxy refuses leaves the running one in place.
    onReloadError(
        e -> System.err.println("haproxy model: reload failed, old configuration kept: " + e));
  }

  @Override
  protected HaproxyIngressModel.Rendered render(ModelRuntime runtime) {
    return new HaproxyIngressModel(sources.classesOf(controllerClass))
        .render(
            new HaproxyIngressModel.Input(
                sources.ingresses(),
                sources.configMap(),
                sources.services(),
                sources.endpointSlices()),
            runtime.httpPort());
  }

  @Override
  protected void launch(HaproxyIngressModel.Rendered first, ModelRuntime runtime)
      throws IOException {
    haproxy = Haproxy.start(runtime.dir(), first.config());
    haproxy.awaitListening(LISTENING, port());
  }

  @Override
  protected void reload(HaproxyIngressModel.Rendered next, long gen) throws IOException {
    haproxy.reload(next.config());
    haproxy.awaitListening(LISTENING, port());
  }

  @Override
  protected void stopProxy() {
    if (haproxy != null) {
      haproxy.close();
    }
  }
}
