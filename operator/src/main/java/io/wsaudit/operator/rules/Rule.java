package io.wsaudit.operator.rules;

import io.wsaudit.operator.correlation.ConnectionRecord;
import java.util.Optional;

/** One cause of failing WebSocket upgrades that wsaudit recognises and explains. */
public interface Rule {

  /** Stable name, as used in policy {@code patchRules} and finding {@code rule}. */
  String name();

  /** The ingress-nginx setting (annotation key without prefix) this rule's fix changes. */
  String patchedSetting();

  /** A verdict when the input holds enough evidence for this cause; empty otherwise. */
  Optional<RuleVerdict> evaluate(RuleInput input);

  /**
   * Whether a connection counts against this rule (used again after a patch to see if failures go
   * on).
   */
  boolean counts(ConnectionRecord connection, RuleInput input);
}
