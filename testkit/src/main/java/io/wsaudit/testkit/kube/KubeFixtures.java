package io.wsaudit.testkit.kube;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/**
 * The Kubernetes objects test scenarios need, created through the client as a user, the kubelet or
 * a controller would (Pod status through the status subresource). {@link KubeObjects} builds them;
 * an Ingress is created with {@link IngressDraft#create}.
 */
public final class KubeFixtures {

  private KubeFixtures() {}

  public static void namespace(KubernetesClient c, String name) {
    c.namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  public static void ingressClass(KubernetesClient c, String name, String controller) {
    c.network()
        .v1()
        .ingressClasses()
        .resource(
            new IngressClassBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withController(controller)
                .endSpec()
                .build())
        .create();
  }

  public static void configMap(
      KubernetesClient c, String namespace, String name, Map<String, String> data) {
    c.configMaps()
        .inNamespace(namespace)
        .resource(KubeObjects.configMap(namespace, name, data))
        .create();
  }

  /** Adds or replaces annotations on an Ingress, as a person's kubectl would. */
  public static void annotate(
      KubernetesClient c, String namespace, String name, Map<String, String> annotations) {
    c.network()
        .v1()
        .ingresses()
        .inNamespace(namespace)
        .withName(name)
        .edit(
            i ->
                new IngressBuilder(i)
                    .editMetadata()
                    .addToAnnotations(annotations)
                    .endMetadata()
                    .build());
  }

  /** The Ingress's annotations; empty where it has none. */
  public static Map<String, String> annotations(KubernetesClient c, String namespace, String name) {
    Map<String, String> a =
        c.network()
            .v1()
            .ingresses()
            .inNamespace(namespace)
            .withName(name)
            .get()
            .getMetadata()
            .getAnnotations();
    return a == null ? Map.of() : a;
  }

  /** The backend's Pod (Running, with its IP), its Service and its EndpointSlice. */
  public static void backend(KubernetesClient c, Backend b) {
    Pod created = c.pods().inNamespace(b.namespace()).resource(KubeObjects.pod(b)).create();
    c.pods()
        .inNamespace(b.namespace())
        .resource(
            new PodBuilder(created)
                .withNewStatus()
                .withPhase("Running")
                .withPodIP(b.podIp())
                .addNewPodIP(b.podIp())
                .endStatus()
                .build())
        .updateStatus();
    service(c, b.namespace(), b.service(), b.targetPort());
    c.discovery()
        .v1()
        .endpointSlices()
        .inNamespace(b.namespace())
        .resource(KubeObjects.endpointSlice(b))
        .create();
  }

  /** Creates {@link KubeObjects#service}. */
  public static void service(KubernetesClient c, String namespace, String name, int targetPort) {
    c.services()
        .inNamespace(namespace)
        .resource(KubeObjects.service(namespace, name, targetPort))
        .create();
  }
}
