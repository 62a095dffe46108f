package io.wsaudit.e2e.stage;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPathBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRuleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.wsaudit.operator.proxy.ControllerSettings;
import io.wsaudit.testkit.kube.Backend;
import io.wsaudit.testkit.kube.KubeFixtures;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The objects a {@link Stage}'s API server holds before the operator and the proxy start. */
final class StageObjects {

  private StageObjects() {}

  /**
   * The namespaces, the IngressClass, the controller ConfigMap, and each route's apps and Ingress.
   */
  static void create(
      KubernetesClient client,
      ControllerSettings settings,
      String className,
      List<Stage.Route> routes,
      Map<String, String> controllerConfig) {
    for (String ns : List.of(Stage.NS, settings.namespace())) {
      KubeFixtures.namespace(client, ns);
    }
    KubeFixtures.ingressClass(client, className, settings.controllerClass());
    KubeFixtures.configMap(client, settings.namespace(), settings.configMap(), controllerConfig);
    for (Stage.Route route : routes) {
      for (Stage.App app : route.apps()) {
        // A Pod (IP 127.0.0.1), its Service and the EndpointSlice listing the app's real port.
        KubeFixtures.backend(
            client, new Backend(Stage.NS, app.service(), app.pod(), "127.0.0.1", app.port()));
      }
      ingress(client, className, route.ingress(), route.annotations(), route.apps());
    }
  }

  private static void ingress(
      KubernetesClient client,
      String className,
      String name,
      Map<String, String> annotations,
      List<Stage.App> apps) {
    IngressBuilder b =
        new IngressBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(Stage.NS)
            .withAnnotations(new LinkedHashMap<>(annotations))
            .endMetadata()
            .withNewSpec()
            .withIngressClassName(className)
            .endSpec();
    for (Stage.App app : apps) {
      b.editSpec()
          .addToRules(
              new IngressRuleBuilder()
                  .withHost(app.host())
                  .withNewHttp()
                  .addToPaths(
                      new HTTPIngressPathBuilder()
                          .withPath("/")
                          .withPathType("Prefix")
                          .withNewBackend()
                          .withNewService()
                          .withName(app.service())
                          .withNewPort()
                          .withNumber(80)
                          .endPort()
                          .endService()
                          .endBackend()
                          .build())
                  .endHttp()
                  .build())
          .endSpec();
    }
    client.network().v1().ingresses().inNamespace(Stage.NS).resource(b.build()).create();
  }
}
