package io.wsaudit.e2e.nginx;

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
    this(controllerClass, new IngressSources(client, configMapNamespace, configMapName), dir, port);
  }

  private IngressNginxController(
      String controllerClass, IngressSources sources, Path dir, int port) {
    super("ingress-nginx model", sources, dir, port);
    this.controllerClass = controllerClass;
    this.sources = sources;
  }

  @Override
  protected IngressNginxModel.Rendered render(ModelRuntime runtime) {
    IngressNginxModel model =
        new IngressNginxModel(
            IngressNginxModel.DEFAULT_PREFIX, sources.classesOf(controllerClass), "nginx");
    return model.render(sources.input(), runtime);
  }
}
