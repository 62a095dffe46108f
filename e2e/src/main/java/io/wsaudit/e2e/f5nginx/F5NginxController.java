package io.wsaudit.e2e.f5nginx;

import static io.wsaudit.e2e.model.ProxyModelController.started;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.wsaudit.e2e.nginx.IngressSources;
import io.wsaudit.e2e.nginx.ModelRuntime;
import io.wsaudit.e2e.nginx.NginxModelController;
import io.wsaudit.e2e.stage.ProxyUnderTest;
import io.wsaudit.operator.proxy.ControllerSettings;
import io.wsaudit.operator.proxy.ProxyKind;
import java.nio.file.Path;

/**
 * The controller half of the F5 NGINX Ingress Controller model: watches Ingresses, IngressClasses,
 * Services, EndpointSlices and the {@code nginx-config} ConfigMap, re-renders with {@link
 * F5NginxModel} on every change and reloads the real nginx when the text differs (F5 NIC reloads
 * nginx for Ingress changes, as ingress-nginx does).
 */
public final class F5NginxController extends NginxModelController<F5NginxModel.Rendered> {

  private final String controllerClass;
  private final boolean snippetsEnabled;
  private final IngressSources sources;

  public F5NginxController(
      KubernetesClient client,
      ControllerSettings controller,
      boolean snippetsEnabled,
      Path dir,
      int port) {
    this(
        controller.controllerClass(),
        snippetsEnabled,
        new IngressSources(client, controller.namespace(), controller.configMap()),
        dir,
        port);
  }

  private F5NginxController(
      String controllerClass, boolean snippetsEnabled, IngressSources sources, Path dir, int port) {
    super("F5 NGINX Ingress Controller model", sources, dir, port);
    this.controllerClass = controllerClass;
    this.snippetsEnabled = snippetsEnabled;
    this.sources = sources;
  }

  /**
   * F5 NIC as its chart installs it ({@code nginx-ingress/nginx-config}, {@code nginx.org/},
   * IngressClass controller {@code nginx.org/ingress-controller}), snippets off, and the operator
   * run with {@code --proxy f5-nginx} for it.
   */
  public static ProxyUnderTest underTest() {
    return new ProxyUnderTest(
        ControllerSettings.defaults(ProxyKind.F5_NGINX),
        (client, c, dir, port) -> started(new F5NginxController(client, c, false, dir, port)));
  }

  @Override
  protected F5NginxModel.Rendered render(ModelRuntime runtime) {
    return new F5NginxModel(sources.classesOf(controllerClass), snippetsEnabled)
        .render(sources.input(), runtime);
  }
}
