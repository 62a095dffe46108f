package io.wsaudit.testkit.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.Map;

/**
 * The objects of a scenario built in memory, for code that reads them without an API server (a
 * model, a router); {@link KubeFixtures} creates the same objects through a client. Ingresses are
 * {@link IngressDraft}s.
 */
public final class KubeObjects {

  private KubeObjects() {}

  /** A Service selecting {@code app=<name>}, port "http" 80 to {@code targetPort}. */
  public static Service service(String namespace, String name, int targetPort) {
    return new ServiceBuilder()
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
        .build();
  }

  /** The Service's EndpointSlice: port "http" {@code port}, each address a ready endpoint. */
  public static EndpointSlice endpointSlice(
      String namespace, String service, int port, String... addresses) {
    EndpointSliceBuilder b =
        new EndpointSliceBuilder()
            .withNewMetadata()
            .withName(service + "-abcde")
            .withNamespace(namespace)
            .addToLabels("kubernetes.io/service-name", service)
            .endMetadata()
            .withAddressType("IPv4")
            .addNewPort()
            .withName("http")
            .withPort(port)
            .endPort();
    for (String address : addresses) {
      b.addNewEndpoint()
          .withAddresses(address)
          .withNewConditions()
          .withReady(true)
          .endConditions()
          .endEndpoint();
    }
    return b.build();
  }

  /** The backend's EndpointSlice: its Pod's IP at its target port, referring to the Pod. */
  public static EndpointSlice endpointSlice(Backend b) {
    return new EndpointSliceBuilder(
            endpointSlice(b.namespace(), b.service(), b.targetPort(), b.podIp()))
        .editFirstEndpoint()
        .withNewTargetRef()
        .withKind("Pod")
        .withName(b.pod())
        .withNamespace(b.namespace())
        .endTargetRef()
        .endEndpoint()
        .build();
  }

  /** The backend's Pod, labelled {@code app=<service>}, without a status. */
  public static Pod pod(Backend b) {
    return new PodBuilder()
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
        .build();
  }

  public static ConfigMap configMap(String namespace, String name, Map<String, String> data) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withData(data)
        .build();
  }
}
