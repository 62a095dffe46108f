package io.wsaudit.operator.rules;

import io.wsaudit.operator.correlation.ConnectionRecord;
import io.wsaudit.operator.proxy.AnnotationChange;
import java.util.List;

/**
 * A rule's conclusion about one Ingress.
 *
 * @param rule the rule's name
 * @param evidence the failed connections behind the conclusion
 * @param explanation one sentence a person can act on
 * @param changes the annotation changes that fix it, made together in one patch (one nginx reload);
 *     empty when no Ingress patch can (the verdict is then NotRemediable)
 */
public record RuleVerdict(
    String rule,
    List<ConnectionRecord> evidence,
    String explanation,
    List<AnnotationChange> changes) {

  public RuleVerdict {
    changes = List.copyOf(changes);
  }

  public boolean remediable() {
    return !changes.isEmpty();
  }
}
