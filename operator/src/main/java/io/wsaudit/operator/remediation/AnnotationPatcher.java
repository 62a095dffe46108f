package io.wsaudit.operator.remediation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.wsaudit.operator.diagnosis.AppliedChange;
import io.wsaudit.operator.proxy.AnnotationChange;
import io.wsaudit.operator.proxy.ControllerSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The only writer of Ingresses: JSON merge patches of {@code metadata.annotations} that name
 * wsaudit's keys alone, so every other annotation, label and spec field is left exactly as the
 * owner wrote it. It refuses snippet annotations outright: they are rated Critical by ingress-nginx
 * and off by default (CVE-2021-25742).
 */
public final class AnnotationPatcher {

  /** Prefix of the bookkeeping annotations that record each change for rollback. */
  public static final String BOOKKEEPING_PREFIX = AppliedChange.BOOKKEEPING_PREFIX;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final ControllerSettings controller;

  public AnnotationPatcher(KubernetesClient client, ControllerSettings controller) {
    this.client = client;
    this.controller = controller;
  }

  /**
   * Applies {@code changes} to the Ingress in one merge patch (one nginx reload), each with its
   * previous value recorded beside it; returns the records.
   */
  public List<AppliedChange> apply(
      Ingress ingress, List<AnnotationChange> changes, String policy, String rule, Instant now) {
    Map<String, String> patch = new LinkedHashMap<>();
    List<AppliedChange> records = new ArrayList<>();
    for (AnnotationChange change : changes) {
      if (change.settingKey().endsWith("snippet")) {
        throw new IllegalArgumentException(
            "wsaudit never writes snippet annotations: " + change.settingKey());
      }
      String key = controller.annotation(change.settingKey());
      AppliedChange record =
          new AppliedChange(
              annotations(ingress).get(key), change.value(), policy, rule, now.toString());
      patch.put(key, change.value());
      patch.put(bookkeepingKey(change.settingKey()), toJson(record));
      records.add(record);
    }
    mergePatch(ingress, patch);
    return records;
  }

  /**
   * Removes the record of a change and, when {@code restore}, puts the previous value back (the
   * diagnosis leaves a person's later value in place by passing false).
   */
  public void rollback(Ingress current, String settingKey, AppliedChange record, boolean restore) {
    Map<String, String> patch = new LinkedHashMap<>();
    patch.put(bookkeepingKey(settingKey), null);
    if (restore) {
      patch.put(controller.annotation(settingKey), record.previous());
    }
    mergePatch(current, patch);
  }

  /** The change recorded on this Ingress for a setting, if wsaudit made one. */
  public static Optional<AppliedChange> recorded(Ingress ingress, String settingKey) {
    return AppliedChange.recordedOn(ingress, settingKey);
  }

  /** The full annotation key of a setting under the controller's prefix. */
  public String annotationKey(String settingKey) {
    return controller.annotation(settingKey);
  }

  public static String bookkeepingKey(String settingKey) {
    return AppliedChange.bookkeepingKey(settingKey);
  }

  private void mergePatch(Ingress ingress, Map<String, String> annotations) {
    // A null value in a JSON merge patch (RFC 7386) deletes the key, which is how a removal is
    // written.
    String body = toJson(Map.of("metadata", Map.of("annotations", annotations)));
    client
        .network()
        .v1()
        .ingresses()
        .inNamespace(ingress.getMetadata().getNamespace())
        .withName(ingress.getMetadata().getName())
        .patch(PatchContext.of(PatchType.JSON_MERGE), body);
  }

  private static Map<String, String> annotations(Ingress i) {
    return i.getMetadata().getAnnotations() == null ? Map.of() : i.getMetadata().getAnnotations();
  }

  private static String toJson(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
