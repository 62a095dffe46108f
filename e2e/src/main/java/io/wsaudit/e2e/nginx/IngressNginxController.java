package io.wsaudit.e2e.nginx;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The controller half of the ingress-nginx model: watches Ingresses, IngressClasses, Services,
 * EndpointSlices and the controller ConfigMap ({@link IngressSources}), re-renders with {@link
 * IngressNginxModel} on every change and, when the text differs, reloads the real nginx. Unlike
 * ingress-nginx, endpoint changes also reload (the model has no Lua balancer).
 */
public final class IngressNginxController extends NginxModelController<IngressNginxModel.Rendered> {

  private final String controllerClass;
  private final IngressSources sources;

  public IngressNginxController(
      io.fabric8.kubernetes.client.KubernetesClient client,
      String controllerClass,
      String configMapNamespace,
      String configMapName,
      Path dir,
      int port) {
    super("ingress-nginx model", dir, port);
    this.controllerClass = controllerClass;
    this.sources = new IngressSources(client, configMapNamespace, configMapName);
  }

  @Override
  public IngressNginxController start() throws IOException {
    super.start();
    return this;
  }

  @Override
  protected void watch(Runnable changed) {
    sources.start(changed);
  }

  @Override
  protected IngressNginxModel.Rendered render(ModelRuntime runtime) {
    IngressNginxModel model =
        new IngressNginxModel(
            IngressNginxModel.DEFAULT_PREFIX, sources.classesOf(controllerClass), "nginx");
    return model.render(
        new IngressNginxModel.Input(
            sources.ingresses(), sources.configMap(), sources.services(), sources.endpointSlices()),
        runtime);
  }

  @Override
  protected void unwatch() {
    sources.close();
  }
}
