package io.wsaudit.operator.rules;

import io.wsaudit.operator.correlation.ConnectionRecord;
import io.wsaudit.operator.proxy.ingressnginx.AnnotationChange;
import java.util.List;
import java.util.Optional;

/**
 * A rule's conclusion about one Ingress.
 *
 * @param rule the rule's name
 * @param evidence the failed connections behind the conclusion
 * @param explanation one sentence a person can act on
 * @param change the patch that fixes it; empty when no Ingress patch can (the verdict is then
 *     NotRemediable)
 */
public record RuleVerdict(
    String rule,
    List<ConnectionRecord> evidence,
    String explanation,
    Optional<AnnotationChange> change) {

  public boolean remediable() {
    return change.isPresent();
  }
}
