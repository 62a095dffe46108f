package io.wsaudit.e2e.stage;

import static io.wsaudit.e2e.model.ProxyModelController.started;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.wsaudit.e2e.nginx.IngressNginxController;
import io.wsaudit.e2e.nginx.NginxModelController;
import io.wsaudit.operator.proxy.ControllerSettings;
import io.wsaudit.operator.proxy.ProxyKind;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The proxy a {@link Stage} runs: the controller as the operator is configured for it (its kind,
 * namespace, ConfigMap, annotation prefix and IngressClass controller) and the model that runs a
 * real nginx the way that controller would.
 *
 * @param controller the operator's {@code --proxy}, {@code --controller-namespace}, … for it
 * @param model starts the model against the API server, with nginx in {@code dir} on {@code port}
 */
public record ProxyUnderTest(ControllerSettings controller, Model model) {

  /** Starts a model. */
  @FunctionalInterface
  public interface Model {
    NginxModelController<?> start(
        KubernetesClient client, ControllerSettings controller, Path dir, int port)
        throws IOException;
  }

  /** ingress-nginx as its chart installs it, run by {@link IngressNginxController}. */
  public static ProxyUnderTest ingressNginx() {
    return new ProxyUnderTest(
        ControllerSettings.defaults(ProxyKind.INGRESS_NGINX),
        (client, c, dir, port) ->
            started(
                new IngressNginxController(
                    client, c.controllerClass(), c.namespace(), c.configMap(), dir, port)));
  }

  /** The annotation key of a setting under the controller's prefix, e.g. {@code nginx.org/…}. */
  public String annotation(String setting) {
    return controller.annotation(setting);
  }
}
