package io.wsaudit.bench.operator;

import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceFluent;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Objects as a real cluster holds them: Pods as a Deployment's ReplicaSet creates them (labels,
 * ownerReferences, a container with env, ports, probes and resources, a service-account volume,
 * status with conditions, podIPs and container statuses, managedFields of kube-controller-manager
 * and kubelet), their Service, its EndpointSlice and an ingress-nginx Ingress per app.
 */
final class RealisticObjects {

  private static final String TIME = "2026-11-20T09:14:03Z";

  private RealisticObjects() {}

  static String podIp(int app, int replica) {
    int n = app * 8 + replica;
    return "10." + (64 + n / 65_536) + "." + (n / 256 % 256) + "." + (n % 256);
  }

  static Pod pod(String ns, String app, int appIndex, int replica) {
    String rs = app + "-7d9f8c6b5";
    String name = rs + "-" + suffix(appIndex * 31 + replica);
    String ip = podIp(appIndex, replica);
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .withGenerateName(rs + "-")
        .withUid(uuid(appIndex, replica))
        .withCreationTimestamp(TIME)
        .withResourceVersion(null)
        .addToLabels("app.kubernetes.io/name", app)
        .addToLabels("app.kubernetes.io/instance", app)
        .addToLabels("app.kubernetes.io/part-of", "shop")
        .addToLabels("pod-template-hash", "7d9f8c6b5")
        .addToAnnotations("kubectl.kubernetes.io/restartedAt", "2026-11-19T17:02:11Z")
        .addToAnnotations("prometheus.io/scrape", "true")
        .addToAnnotations("prometheus.io/port", "9090")
        .addNewOwnerReference()
        .withApiVersion("apps/v1")
        .withKind("ReplicaSet")
        .withName(rs)
        .withUid(uuid(appIndex, 1000))
        .withController(true)
        .withBlockOwnerDeletion(true)
        .endOwnerReference()
        .withManagedFields(podManagedFields())
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName(app)
        .withImage("registry.example.com/shop/" + app + ":4.12.0")
        .withImagePullPolicy("IfNotPresent")
        .addNewPort()
        .withName("http")
        .withContainerPort(8080)
        .withProtocol("TCP")
        .endPort()
        .addNewPort()
        .withName("metrics")
        .withContainerPort(9090)
        .withProtocol("TCP")
        .endPort()
        .addNewEnv()
        .withName("JAVA_TOOL_OPTIONS")
        .withValue(
            "-javaagent:/otel/opentelemetry-javaagent.jar "
                + "-javaagent:/wsaudit/wsaudit-agent.jar -XX:MaxRAMPercentage=75")
        .endEnv()
        .addNewEnv()
        .withName("OTEL_EXPORTER_OTLP_ENDPOINT")
        .withValue("http://otel-collector.observability:4318")
        .endEnv()
        .addNewEnv()
        .withName("OTEL_SERVICE_NAME")
        .withValue(app)
        .endEnv()
        .addNewEnv()
        .withName("K8S_POD_NAME")
        .withNewValueFrom()
        .withNewFieldRef()
        .withApiVersion("v1")
        .withFieldPath("metadata.name")
        .endFieldRef()
        .endValueFrom()
        .endEnv()
        .addNewEnv()
        .withName("K8S_NAMESPACE")
        .withNewValueFrom()
        .withNewFieldRef()
        .withApiVersion("v1")
        .withFieldPath("metadata.namespace")
        .endFieldRef()
        .endValueFrom()
        .endEnv()
        .addNewEnv()
        .withName("OTEL_RESOURCE_ATTRIBUTES")
        .withValue("k8s.pod.name=$(K8S_POD_NAME),k8s.namespace.name=$(K8S_NAMESPACE)")
        .endEnv()
        .addNewEnv()
        .withName("SPRING_PROFILES_ACTIVE")
        .withValue("production")
        .endEnv()
        .addNewEnv()
        .withName("DB_PASSWORD")
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(app + "-db")
        .withKey("password")
        .endSecretKeyRef()
        .endValueFrom()
        .endEnv()
        .withNewResources()
        .addToRequests("cpu", new Quantity("250m"))
        .addToRequests("memory", new Quantity("512Mi"))
        .addToLimits("memory", new Quantity("1Gi"))
        .endResources()
        .withNewReadinessProbe()
        .withNewHttpGet()
        .withPath("/actuator/health/readiness")
        .withPort(new IntOrString("http"))
        .withScheme("HTTP")
        .endHttpGet()
        .withPeriodSeconds(10)
        .withTimeoutSeconds(1)
        .withSuccessThreshold(1)
        .withFailureThreshold(3)
        .endReadinessProbe()
        .withNewLivenessProbe()
        .withNewHttpGet()
        .withPath("/actuator/health/liveness")
        .withPort(new IntOrString("http"))
        .withScheme("HTTP")
        .endHttpGet()
        .withInitialDelaySeconds(30)
        .withPeriodSeconds(10)
        .withTimeoutSeconds(1)
        .withSuccessThreshold(1)
        .withFailureThreshold(3)
        .endLivenessProbe()
        .addNewVolumeMount()
        .withName("kube-api-access")
        .withMountPath("/var/run/secrets/kubernetes.io/serviceaccount")
        .withReadOnly(true)
        .endVolumeMount()
        .withTerminationMessagePath("/dev/termination-log")
        .withTerminationMessagePolicy("File")
        .endContainer()
        .addNewVolume()
        .withName("kube-api-access")
        .withNewProjected()
        .withDefaultMode(420)
        .addNewSource()
        .withNewServiceAccountToken()
        .withExpirationSeconds(3607L)
        .withPath("token")
        .endServiceAccountToken()
        .endSource()
        .addNewSource()
        .withNewConfigMap()
        .withName("kube-root-ca.crt")
        .addNewItem()
        .withKey("ca.crt")
        .withPath("ca.crt")
        .endItem()
        .endConfigMap()
        .endSource()
        .endProjected()
        .endVolume()
        .withRestartPolicy("Always")
        .withTerminationGracePeriodSeconds(30L)
        .withDnsPolicy("ClusterFirst")
        .withServiceAccountName("default")
        .withServiceAccount("default")
        .withNodeName("node-" + (appIndex % 40))
        .withSchedulerName("default-scheduler")
        .withPriority(0)
        .withEnableServiceLinks(true)
        .withPreemptionPolicy("PreemptLowerPriority")
        .withNewSecurityContext()
        .endSecurityContext()
        .addNewToleration()
        .withKey("node.kubernetes.io/not-ready")
        .withOperator("Exists")
        .withEffect("NoExecute")
        .withTolerationSeconds(300L)
        .endToleration()
        .addNewToleration()
        .withKey("node.kubernetes.io/unreachable")
        .withOperator("Exists")
        .withEffect("NoExecute")
        .withTolerationSeconds(300L)
        .endToleration()
        .endSpec()
        .withNewStatus()
        .withPhase("Running")
        .withQosClass("Burstable")
        .withHostIP("192.168.7." + (appIndex % 40))
        .addNewHostIP("192.168.7." + (appIndex % 40))
        .withPodIP(ip)
        .addNewPodIP(ip)
        .withStartTime(TIME)
        .addNewCondition()
        .withType("PodReadyToStartContainers")
        .withStatus("True")
        .withLastTransitionTime(TIME)
        .endCondition()
        .addNewCondition()
        .withType("Initialized")
        .withStatus("True")
        .withLastTransitionTime(TIME)
        .endCondition()
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .withLastTransitionTime(TIME)
        .endCondition()
        .addNewCondition()
        .withType("ContainersReady")
        .withStatus("True")
        .withLastTransitionTime(TIME)
        .endCondition()
        .addNewCondition()
        .withType("PodScheduled")
        .withStatus("True")
        .withLastTransitionTime(TIME)
        .endCondition()
        .addNewContainerStatus()
        .withName(app)
        .withReady(true)
        .withStarted(true)
        .withRestartCount(0)
        .withImage("registry.example.com/shop/" + app + ":4.12.0")
        .withImageID("registry.example.com/shop/" + app + "@sha256:" + "3f".repeat(32))
        .withContainerID("containerd://" + "a7".repeat(32))
        .withNewState()
        .withNewRunning()
        .withStartedAt(TIME)
        .endRunning()
        .endState()
        .endContainerStatus()
        .endStatus()
        .build();
  }

  private static List<ManagedFieldsEntry> podManagedFields() {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put(
        "f:metadata",
        Map.of(
            "f:generateName",
            Map.of(),
            "f:labels",
            Map.of(
                ".",
                Map.of(),
                "f:app.kubernetes.io/name",
                Map.of(),
                "f:app.kubernetes.io/instance",
                Map.of(),
                "f:app.kubernetes.io/part-of",
                Map.of(),
                "f:pod-template-hash",
                Map.of()),
            "f:ownerReferences",
            Map.of(".", Map.of(), "k:{\"uid\":\"owner\"}", Map.of())));
    spec.put(
        "f:spec",
        Map.of(
            "f:containers",
            Map.of(
                "k:{\"name\":\"app\"}",
                Map.of(
                    ".",
                    Map.of(),
                    "f:env",
                    Map.of(
                        ".",
                        Map.of(),
                        "k:{\"name\":\"JAVA_TOOL_OPTIONS\"}",
                        Map.of(".", Map.of(), "f:name", Map.of(), "f:value", Map.of()),
                        "k:{\"name\":\"OTEL_SERVICE_NAME\"}",
                        Map.of(".", Map.of(), "f:name", Map.of(), "f:value", Map.of())),
                    "f:image",
                    Map.of(),
                    "f:imagePullPolicy",
                    Map.of(),
                    "f:livenessProbe",
                    Map.of(
                        ".",
                        Map.of(),
                        "f:httpGet",
                        Map.of(
                            ".",
                            Map.of(),
                            "f:path",
                            Map.of(),
                            "f:port",
                            Map.of(),
                            "f:scheme",
                            Map.of())),
                    "f:ports",
                    Map.of(
                        ".",
                        Map.of(),
                        "k:{\"containerPort\":8080,\"protocol\":\"TCP\"}",
                        Map.of(
                            ".",
                            Map.of(),
                            "f:containerPort",
                            Map.of(),
                            "f:name",
                            Map.of(),
                            "f:protocol",
                            Map.of())),
                    "f:resources",
                    Map.of(
                        ".",
                        Map.of(),
                        "f:limits",
                        Map.of(".", Map.of(), "f:memory", Map.of()),
                        "f:requests",
                        Map.of(".", Map.of(), "f:cpu", Map.of(), "f:memory", Map.of())))),
            "f:dnsPolicy",
            Map.of(),
            "f:enableServiceLinks",
            Map.of(),
            "f:restartPolicy",
            Map.of(),
            "f:schedulerName",
            Map.of(),
            "f:securityContext",
            Map.of(),
            "f:terminationGracePeriodSeconds",
            Map.of()));
    Map<String, Object> status = new LinkedHashMap<>();
    status.put(
        "f:status",
        Map.of(
            "f:conditions",
            Map.of(
                "k:{\"type\":\"ContainersReady\"}",
                Map.of(
                    ".",
                    Map.of(),
                    "f:lastProbeTime",
                    Map.of(),
                    "f:lastTransitionTime",
                    Map.of(),
                    "f:status",
                    Map.of(),
                    "f:type",
                    Map.of()),
                "k:{\"type\":\"Ready\"}",
                Map.of(
                    ".",
                    Map.of(),
                    "f:lastProbeTime",
                    Map.of(),
                    "f:lastTransitionTime",
                    Map.of(),
                    "f:status",
                    Map.of(),
                    "f:type",
                    Map.of())),
            "f:containerStatuses",
            Map.of(),
            "f:hostIP",
            Map.of(),
            "f:hostIPs",
            Map.of(),
            "f:phase",
            Map.of(),
            "f:podIP",
            Map.of(),
            "f:podIPs",
            Map.of(".", Map.of(), "k:{\"ip\":\"ip\"}", Map.of(".", Map.of(), "f:ip", Map.of())),
            "f:startTime",
            Map.of()));
    return List.of(
        new ManagedFieldsEntryBuilder()
            .withManager("kube-controller-manager")
            .withOperation("Update")
            .withApiVersion("v1")
            .withTime(TIME)
            .withFieldsType("FieldsV1")
            .withFieldsV1(fields(spec))
            .build(),
        new ManagedFieldsEntryBuilder()
            .withManager("kubelet")
            .withOperation("Update")
            .withApiVersion("v1")
            .withTime(TIME)
            .withFieldsType("FieldsV1")
            .withSubresource("status")
            .withFieldsV1(fields(status))
            .build());
  }

  private static FieldsV1 fields(Map<String, Object> m) {
    FieldsV1 f = new FieldsV1();
    m.forEach(f::setAdditionalProperty);
    return f;
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

  private static String suffix(int n) {
    String chars = "bcdfghjklmnpqrstvwxz2456789";
    StringBuilder s = new StringBuilder();
    int x = Math.abs(n * 2654435761L % 14_348_907 > 0 ? (int) (n * 2654435761L % 14_348_907) : n);
    for (int i = 0; i < 5; i++) {
      s.append(chars.charAt(x % chars.length()));
      x /= chars.length();
    }
    return s.toString();
  }

  private static String uuid(int a, int b) {
    return new UUID(0x5a5a_0000_0000_4000L | a, 0x8000_0000_0000_0000L | b).toString();
  }
}
