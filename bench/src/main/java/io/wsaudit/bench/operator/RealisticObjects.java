package io.wsaudit.bench.operator;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceFluent;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Objects as a real cluster holds them: Pods as a Deployment's ReplicaSet creates them (labels,
 * ownerReferences, a container with env, ports, probes and resources, a service-account volume,
 * status with conditions, podIPs and container statuses, managedFields of kube-controller-manager
 * and kubelet), their Service, its EndpointSlice and an ingress-nginx Ingress per app. The Pod, the
 * biggest of them, has a builder of its own ({@link RealisticPod}).
 */
final class RealisticObjects {

  static final String TIME = "2026-11-20T09:14:03Z";

  private RealisticObjects() {}

  static String podIp(int app, int replica) {
    int n = app * 8 + replica;
    return "10." + (64 + n / 65_536) + "." + (n / 256 % 256) + "." + (n % 256);
  }

  static Pod pod(String ns, String app, int appIndex, int replica) {
    return RealisticPod.pod(ns, app, appIndex, replica);
  }

  static Service service(String ns, String app, int appIndex) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(app)
        .withNamespace(ns)
        .withUid(uuid(appIndex, 2000))
        .withCreationTimestamp(TIME)
        .addToLabels("app.kubernetes.io/name", app)
        .addToLabels("app.kubernetes.io/part-of", "shop")
        .endMetadata()
        .withNewSpec()
        .addToSelector("app.kubernetes.io/name", app)
        .withType("ClusterIP")
        .withClusterIP("10.96." + (appIndex / 256 % 256) + "." + (appIndex % 256))
        .addNewPort()
        .withName("http")
        .withPort(80)
        .withProtocol("TCP")
        .withTargetPort(new IntOrString("http"))
        .endPort()
        .withSessionAffinity("None")
        .endSpec()
        .build();
  }

  static EndpointSlice slice(String ns, String app, int appIndex, List<Pod> pods) {
    EndpointSliceBuilder b =
        new EndpointSliceBuilder()
            .withNewMetadata()
            .withName(app + "-" + suffix(appIndex))
            .withNamespace(ns)
            .withGenerateName(app + "-")
            .withUid(uuid(appIndex, 3000))
            .withCreationTimestamp(TIME)
            .addToLabels("kubernetes.io/service-name", app)
            .addToLabels(
                "endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io")
            .addToLabels("app.kubernetes.io/name", app)
            .addNewOwnerReference()
            .withApiVersion("v1")
            .withKind("Service")
            .withName(app)
            .withUid(uuid(appIndex, 2000))
            .withController(true)
            .withBlockOwnerDeletion(true)
            .endOwnerReference()
            .endMetadata()
            .withAddressType("IPv4")
            .addNewPort()
            .withName("http")
            .withPort(8080)
            .withProtocol("TCP")
            .endPort();
    for (Pod p : pods) {
      EndpointSliceFluent<EndpointSliceBuilder>.EndpointsNested<EndpointSliceBuilder> e =
          b.addNewEndpoint();
      e.withAddresses(p.getStatus().getPodIP())
          .withNodeName(p.getSpec().getNodeName())
          .withNewConditions()
          .withReady(true)
          .withServing(true)
          .withTerminating(false)
          .endConditions()
          .withNewTargetRef()
          .withKind("Pod")
          .withNamespace(ns)
          .withName(p.getMetadata().getName())
          .withUid(p.getMetadata().getUid())
          .endTargetRef()
          .endEndpoint();
    }
    return b.build();
  }

  static Ingress ingress(String ns, String app, int appIndex) {
    Ingress i =
        MockCluster.ingressObject(
            ns,
            app,
            app + ".shop.example.com",
            app,
            Map.of(
                "nginx.ingress.kubernetes.io/proxy-read-timeout",
                "3600",
                "nginx.ingress.kubernetes.io/proxy-send-timeout",
                "3600",
                "cert-manager.io/cluster-issuer",
                "letsencrypt-prod"));
    i.getMetadata().setUid(uuid(appIndex, 4000));
    i.getMetadata().setCreationTimestamp(TIME);
    return i;
  }

  static String suffix(int n) {
    String chars = "bcdfghjklmnpqrstvwxz2456789";
    StringBuilder s = new StringBuilder();
    int x = Math.abs(n * 2654435761L % 14_348_907 > 0 ? (int) (n * 2654435761L % 14_348_907) : n);
    for (int i = 0; i < 5; i++) {
      s.append(chars.charAt(x % chars.length()));
      x /= chars.length();
    }
    return s.toString();
  }

  static String uuid(int a, int b) {
    return new UUID(0x5a5a_0000_0000_4000L | a, 0x8000_0000_0000_0000L | b).toString();
  }
}
