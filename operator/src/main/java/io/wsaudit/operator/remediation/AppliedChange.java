package io.wsaudit.operator.remediation;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What wsaudit changed on one Ingress annotation, stored as JSON in a {@code
 * wsaudit.io/remediated-<setting>} annotation on that Ingress, so a rollback works from the Ingress
 * alone, even after the policy's status is gone.
 *
 * @param previous value before the patch; null when the annotation was absent
 * @param applied value wsaudit set; null when wsaudit removed the annotation
 * @param policy name of the policy that made the change
 * @param rule rule that asked for it
 * @param time when (RFC 3339)
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AppliedChange(
    String previous, String applied, String policy, String rule, String time) {}
