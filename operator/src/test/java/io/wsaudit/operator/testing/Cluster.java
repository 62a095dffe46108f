package io.wsaudit.operator.testing;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.wsaudit.operator.api.v1alpha1.Mode;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicy;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicyStatus;
import java.util.List;
import java.util.Map;

/**
 * Creates the Kubernetes objects a test scenario needs, through the client, as a user or controller
 * would.
 */
public final class Cluster {

  public static final String NS = "shop";
  public static final String PREFIX = "nginx.ingress.kubernetes.io/";

  private final KubernetesClient client;

  public Cluster(KubernetesClient client) {
    this.client = client;
  }

  public void ingressClass(String name, String controller) {
    client
        .network()
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

  /**
   * A pod with this IP behind a Service of the same name, listed in that Service's EndpointSlice.
   */
  public void app(String name, String podIp) {
    String pod = name + "-0";
    var created =
        client
            .pods()
            .inNamespace(NS)
            .resource(
                new PodBuilder()
                    .withNewMetadata()
                    .withName(pod)
                    .withNamespace(NS)
                    .addToLabels("app", name)
                    .endMetadata()
                    .withNewSpec()
                    .addNewContainer()
                    .withName("app")
                    .withImage("example/chat:1")
                    .endContainer()
                    .endSpec()
                    .build())
            .create();
    // Status goes through the status subresource, as the kubelet writes it.
    client
        .pods()
        .inNamespace(NS)
        .resource(
            new PodBuilder(created)
                .withNewStatus()
                .withPhase("Running")
                .withPodIP(podIp)
                .addNewPodIP(podIp)
                .endStatus()
                .build())
        .updateStatus();
    client
        .services()
        .inNamespace(NS)
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .endMetadata()
                .withNewSpec()
                .addToSelector("app", name)
                .addNewPort()
                .withPort(80)
                .endPort()
                .endSpec()
                .build())
        .create();
    client
        .discovery()
        .v1()
        .endpointSlices()
        .inNamespace(NS)
        .resource(
            new EndpointSliceBuilder()
                .withNewMetadata()
                .withName(name + "-abcde")
                .withNamespace(NS)
                .addToLabels("kubernetes.io/service-name", name)
                .endMetadata()
                .withAddressType("IPv4")
                .addNewEndpoint()
                .withAddresses(podIp)
                .withNewTargetRef()
                .withKind("Pod")
                .withName(pod)
                .withNamespace(NS)
                .endTargetRef()
                .endEndpoint()
                .addNewPort()
                .withPort(8080)
                .endPort()
                .build())
        .create();
  }

  public Ingress ingress(
      String name,
      String className,
      String host,
      String service,
      Map<String, String> annotations,
      Map<String, String> labels) {
    return client
        .network()
        .v1()
        .ingresses()
        .inNamespace(NS)
        .resource(
            new IngressBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
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
                .build())
        .create();
  }

  public void controllerConfigMap(Map<String, String> data) {
    client
        .configMaps()
        .inNamespace("ingress-nginx")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("ingress-nginx-controller")
                .withNamespace("ingress-nginx")
                .endMetadata()
                .withData(data)
                .build())
        .create();
  }

  public WebSocketAuditPolicy policy(
      String name, Mode mode, int minConnections, Map<String, String> selector) {
    WebSocketAuditPolicy p = new WebSocketAuditPolicy();
    p.getMetadata().setName(name);
    p.getMetadata().setNamespace(NS);
    p.getSpec().setMode(mode);
    p.getSpec().getEvidence().setMinConnections(minConnections);
    if (selector != null) {
      p.getSpec().setIngressSelector(new LabelSelectorBuilder().withMatchLabels(selector).build());
    }
    return client.resources(WebSocketAuditPolicy.class).inNamespace(NS).resource(p).create();
  }

  public WebSocketAuditPolicyStatus status(String policy) {
    WebSocketAuditPolicy p =
        client.resources(WebSocketAuditPolicy.class).inNamespace(NS).withName(policy).get();
    return p == null ? null : p.getStatus();
  }

  public Map<String, String> annotations(String ingress) {
    Map<String, String> a =
        client
            .network()
            .v1()
            .ingresses()
            .inNamespace(NS)
            .withName(ingress)
            .get()
            .getMetadata()
            .getAnnotations();
    return a == null ? Map.of() : a;
  }

  public List<Event> events(String involvedName) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> involvedName.equals(e.getInvolvedObject().getName()))
        .toList();
  }
}
