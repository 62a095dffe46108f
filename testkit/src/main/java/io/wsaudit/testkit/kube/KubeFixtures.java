package io.wsaudit.testkit.kube;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/**
 * The Kubernetes objects test scenarios need, created through the client as a user, the kubelet or
 * a controller would (Pod status through the status subresource).
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
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withData(data)
                .build())
        .create();
  }

  /** The backend's Pod (Running, with its IP), its Service and its EndpointSlice. */
  public static void backend(KubernetesClient c, Backend b) {
    Pod created =
        c.pods()
            .inNamespace(b.namespace())
            .resource(
                new PodBuilder()
                    .withNewMetadata()
                    .withName(b.pod())
                    .withNamespace(b.namespace())
                    .addToLabels("app", b.service())
                    .endMetadata()
                    .withNewSpec()
                    .addNewContainer()
                    .withName("app")
                    .withImage("example/" + b.service() + ":1")
                    .endContainer()
                    .endSpec()
                    .build())
            .create();
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
        .resource(
            new EndpointSliceBuilder()
                .withNewMetadata()
                .withName(b.service() + "-abcde")
                .withNamespace(b.namespace())
                .addToLabels("kubernetes.io/service-name", b.service())
                .endMetadata()
                .withAddressType("IPv4")
                .addNewEndpoint()
                .withAddresses(b.podIp())
                .withNewConditions()
                .withReady(true)
                .endConditions()
                .withNewTargetRef()
                .withKind("Pod")
                .withName(b.pod())
                .withNamespace(b.namespace())
                .endTargetRef()
                .endEndpoint()
                .addNewPort()
                .withName("http")
                .withPort(b.targetPort())
                .endPort()
                .build())
        .create();
  }

  /** A Service selecting {@code app=<name>}, port "http" 80 to {@code targetPort}. */
  public static void service(KubernetesClient c, String namespace, String name, int targetPort) {
    c.services()
        .inNamespace(namespace)
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .addToLabels("app", name)
                .endMetadata()
                .withNewSpec()
                .addToSelector("app", name)
                .addNewPort()
                .withName("http")
                .withPort(80)
                .withNewTargetPort(targetPort)
                .endPort()
                .endSpec()
                .build())
        .create();
  }

  /** Creates {@link #ingressObject}. */
  public static Ingress ingress(
      KubernetesClient c,
      String namespace,
      String name,
      String className,
      String host,
      String service,
      Map<String, String> annotations,
      Map<String, String> labels) {
    return c.network()
        .v1()
        .ingresses()
        .inNamespace(namespace)
        .resource(ingressObject(namespace, name, className, host, service, annotations, labels))
        .create();
  }

  /** An Ingress of one host whose "/" (Prefix) goes to the Service's port 80. */
  public static Ingress ingressObject(
      String namespace,
      String name,
      String className,
      String host,
      String service,
      Map<String, String> annotations,
      Map<String, String> labels) {
    return new IngressBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withAnnotations(annotations)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withIngressClassName(className)
        .addNewRule()
        .withHost(host)
        .withNewHttp()
        .addNewPath()
        .withPath("/")
        .withPathType("Prefix")
        .withNewBackend()
        .withNewService()
        .withName(service)
        .withNewPort()
        .withNumber(80)
        .endPort()
        .endService()
        .endBackend()
        .endPath()
        .endHttp()
        .endRule()
        .endSpec()
        .build();
  }
}
