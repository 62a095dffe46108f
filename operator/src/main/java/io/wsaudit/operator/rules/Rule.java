package io.wsaudit.operator.rules;

import io.wsaudit.contract.WsAuditSpans.ProtocolVersion;
import io.wsaudit.operator.correlation.ConnectionRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One cause of failing WebSocket upgrades that wsaudit recognises and explains. */
public interface Rule {

  /** Stable name, as used in policy {@code patchRules} and finding {@code rule}. */
  String name();

  /** The settings ({@code proxy.SettingKeys}, keys without prefix) this rule's fixes may change. */
  List<String> patchedSettings();

  /** A verdict when the input holds enough evidence for this cause; empty otherwise. */
  Optional<RuleVerdict> evaluate(RuleInput input);

  /**
   * Whether a connection counts against this rule (used again after a patch to see if failures go
   * on).
   */
  boolean counts(ConnectionRecord connection, RuleInput input);

  /**
   * Whether a connection since the patch shows the fix working. By default: it stayed open past the
   * early-close threshold, over HTTP/1.1 (an upgrade still arriving over 1.0 proves nothing).
   */
  default boolean showsFixed(ConnectionRecord c, RuleInput input) {
    return c.health(input.earlyCloseThreshold(), input.now()) == ConnectionRecord.Health.HEALTHY
        && !ProtocolVersion.HTTP_1_0.equals(c.protocolVersion());
  }

  /**
   * The input as it was before a patch that replaced these annotation values (setting key →
   * previous value, null when absent), for judging connections against the old settings.
   */
  default RuleInput beforePatch(RuleInput input, Map<String, String> previous) {
    return input;
  }
}
