package io.wsaudit.e2e.ngf;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.wsaudit.e2e.nginx.ModelRuntime;
import io.wsaudit.e2e.nginx.NginxModelController;
import java.nio.file.Path;

/**
 * The controller half of the NGINX Gateway Fabric model for one Gateway: watches what {@link
 * NgfSources} lists, re-renders with {@link NgfModel} on every change and reloads the real nginx
 * when the text differs (NGF pushes a new configuration to the Gateway's nginx and reloads it). It
 * starts and stops as the ingress-nginx model does, so a {@code Stage} can run it once the operator
 * serves HTTPRoutes.
 */
public final class NgfController extends NginxModelController<NgfModel.Rendered> {

  private final NgfModel model;
  private final NgfSources sources;

  public NgfController(
      KubernetesClient client, String gatewayNamespace, String gatewayName, Path dir, int port) {
    this(new NgfModel(gatewayNamespace, gatewayName), new NgfSources(client), dir, port);
  }

  private NgfController(NgfModel model, NgfSources sources, Path dir, int port) {
    super("NGINX Gateway Fabric model", sources, dir, port);
    this.model = model;
    this.sources = sources;
  }

  @Override
  protected NgfModel.Rendered render(ModelRuntime runtime) {
    return model.render(sources.input(), runtime);
  }
}
