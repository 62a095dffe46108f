package io.wsaudit.bench.operator;

import static io.wsaudit.bench.operator.RealisticObjects.TIME;

import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A Pod's managedFields as kube-controller-manager (spec) and kubelet (status) leave them. */
final class PodManagedFields {

  private PodManagedFields() {}

  static List<ManagedFieldsEntry> of() {
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
    // kubelet owns the same fields of each condition it sets
    Map<String, Object> condition =
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
            Map.of());
    Map<String, Object> status = new LinkedHashMap<>();
    status.put(
        "f:status",
        Map.of(
            "f:conditions",
            Map.of(
                "k:{\"type\":\"ContainersReady\"}", condition, "k:{\"type\":\"Ready\"}", condition),
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
}
