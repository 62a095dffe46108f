package io.wsaudit.operator.diagnosis;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.Map;
import java.util.Optional;

/**
 * What wsaudit changed on one Ingress annotation, stored as JSON in a {@code
 * wsaudit.io/remediated-<setting>} annotation on that Ingress, so a rollback works from the Ingress
 * alone, even after the policy's status is gone. Read here, where the diagnosis needs it; written
 * by {@code remediation.AnnotationPatcher}.
 *
 * @param previous value before the patch; null when the annotation was absent
 * @param applied value wsaudit set; null when wsaudit removed the annotation
 * @param policy name of the policy that made the change
 * @param rule rule that asked for it
 * @param time when (RFC 3339)
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AppliedChange(
    String previous, String applied, String policy, String rule, String time) {

  /** Prefix of the bookkeeping annotations that record each change for rollback. */
  public static final String BOOKKEEPING_PREFIX = "wsaudit.io/remediated-";

  private static final ObjectMapper JSON = new ObjectMapper();

  public static String bookkeepingKey(String settingKey) {
    return BOOKKEEPING_PREFIX + settingKey;
  }

  /** The change recorded on this Ingress for a setting, if wsaudit made one. */
  public static Optional<AppliedChange> recordedOn(Ingress ingress, String settingKey) {
    Map<String, String> a = ingress.getMetadata().getAnnotations();
    String json = a == null ? null : a.get(bookkeepingKey(settingKey));
    if (json == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(json, AppliedChange.class));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }
}
