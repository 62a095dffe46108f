package io.wsaudit.e2e.ngf;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.wsaudit.e2e.client.WsProbe;
import io.wsaudit.testkit.kube.Backend;
import io.wsaudit.testkit.kube.GatewayApiObjects;
import io.wsaudit.testkit.kube.KubeFixtures;
import io.wsaudit.testkit.kube.MockApiServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

/** The Gateway API and NGF objects the NGF model tests build. */
final class NgfObjects {

  static final String NS = "shop";
  static final String CHAT_HOST = "chat.shop.example";

  /**
   * The CRDs the operator vendors from their published YAML (see its {@code
   * src/test/resources/crds/README.md}), read from the operator module beside this one.
   */
  private static final List<String> CRDS =
      List.of(
          "gateway-api/v1.3.0/gateway.networking.k8s.io_gatewayclasses.yaml",
          "gateway-api/v1.3.0/gateway.networking.k8s.io_gateways.yaml",
          "gateway-api/v1.3.0/gateway.networking.k8s.io_httproutes.yaml",
          "nginx-gateway-fabric/v2.6.7/gateway.nginx.org_proxysettingspolicies.yaml");

  private NgfObjects() {}

  static MockApiServer apiServerWithCrds() {
    MockApiServer api = MockApiServer.start();
    Path dir = Path.of("..", "operator", "src", "test", "resources", "crds");
    try {
      for (String crd : CRDS) {
        try (InputStream in = Files.newInputStream(dir.resolve(crd))) {
          api.withCrd(in);
        }
      }
    } catch (IOException e) {
      api.close();
      throw new UncheckedIOException("vendored CRDs not found under " + dir.toAbsolutePath(), e);
    }
    return api;
  }

  static GatewayClass gatewayClass(String name, String controllerName) {
    return GatewayApiObjects.gatewayClass(name, controllerName);
  }

  /**
   * Where the NGF idle tests start: GatewayClass {@code nginx} of NGF, Gateway {@code gw}, the
   * Service {@code chat} on the app's port, its HTTPRoute for {@link #CHAT_HOST} and a
   * Gateway-level ProxySettingsPolicy {@code read: 3s}. Returns the route as created.
   */
  static HTTPRoute chatBehindGatewayRead3s(KubernetesClient client, int chatPort) {
    client
        .resources(GatewayClass.class)
        .resource(gatewayClass("nginx", NgfModel.CONTROLLER_NAME))
        .create();
    client.resources(Gateway.class).inNamespace(NS).resource(gateway("gw", "nginx")).create();
    KubeFixtures.backend(client, new Backend(NS, "chat", "chat-0", "127.0.0.1", chatPort));
    HTTPRoute route =
        client
            .resources(HTTPRoute.class)
            .inNamespace(NS)
            .resource(route("chat", CHAT_HOST, "gw", "chat"))
            .create();
    policies(client).resource(policy("gw-timeouts", "Gateway", "gw", "3s", null, null)).create();
    return route;
  }

  /** A Gateway with one HTTP listener on port 80. */
  static Gateway gateway(String name, String className) {
    return GatewayApiObjects.gateway(NS, name, className);
  }

  /** An HTTPRoute for {@code host}, attached to the Gateway, one rule to {@code service}:80. */
  static HTTPRoute route(String name, String host, String gateway, String service) {
    return GatewayApiObjects.route(NS, name, host, gateway, service, 80);
  }

  /**
   * The route with {@code timeouts.request} and {@code backendRequest} on its first rule, as
   * ingress2gateway writes a migrated {@code proxy-read-timeout}.
   */
  static HTTPRoute withTimeouts(HTTPRoute route, String timeout) {
    return new HTTPRouteBuilder(route)
        .editSpec()
        .editFirstRule()
        .withNewTimeouts()
        .withRequest(timeout)
        .withBackendRequest(timeout)
        .endTimeouts()
        .endRule()
        .endSpec()
        .build();
  }

  /** A ProxySettingsPolicy targeting {@code kind/target}; null timers are left out. */
  static GenericKubernetesResource policy(
      String name, String kind, String target, String read, String send, String created) {
    Map<String, Object> timeout = new LinkedHashMap<>();
    if (read != null) {
      timeout.put("read", read);
    }
    if (send != null) {
      timeout.put("send", send);
    }
    Map<String, Object> ref =
        Map.of("group", "gateway.networking.k8s.io", "kind", kind, "name", target);
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("gateway.nginx.org/v1alpha1")
        .withKind("ProxySettingsPolicy")
        .withNewMetadata()
        .withNamespace(NS)
        .withName(name)
        .withCreationTimestamp(created)
        .endMetadata()
        .addToAdditionalProperties("spec", Map.of("targetRefs", List.of(ref), "timeout", timeout))
        .build();
  }

  /** Silent clients through the model's nginx, all at once; each outcome printed. */
  static List<WsProbe.Outcome> connect(
      NgfController ngf, String host, String label, Duration hold, int n) {
    List<CompletableFuture<WsProbe.Outcome>> all =
        IntStream.rangeClosed(1, n)
            .mapToObj(
                i ->
                    CompletableFuture.supplyAsync(
                        () -> WsProbe.run(label + " #" + i, ngf.port(), host, "/ws", hold, null)))
            .toList();
    List<WsProbe.Outcome> out = all.stream().map(CompletableFuture::join).toList();
    out.forEach(x -> System.out.println(x.describe()));
    return out;
  }

  /** NGF's ProxySettingsPolicies, as generic resources. */
  static MixedOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      policies(KubernetesClient client) {
    return client.genericKubernetesResources(
        new ResourceDefinitionContext.Builder()
            .withGroup("gateway.nginx.org")
            .withVersion("v1alpha1")
            .withKind("ProxySettingsPolicy")
            .withPlural("proxysettingspolicies")
            .withNamespaced(true)
            .build());
  }
}
