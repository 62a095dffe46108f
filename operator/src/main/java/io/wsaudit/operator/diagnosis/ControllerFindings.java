package io.wsaudit.operator.diagnosis;

import io.wsaudit.operator.api.v1alpha1.Finding;
import io.wsaudit.operator.api.v1alpha1.FindingState;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicy;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicyStatus;
import io.wsaudit.operator.rules.ControllerInput;
import io.wsaudit.operator.rules.ProxyReload;
import io.wsaudit.operator.rules.RuleVerdict;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Findings about a whole controller rather than one Ingress (ProxyReload): one per controller and
 * policy, always NotRemediable (report only), a Warning Event on the policy each time what it says
 * changes.
 */
final class ControllerFindings {

  private final ProxyReload rule = new ProxyReload();

  void advance(
      WebSocketAuditPolicy policy,
      WebSocketAuditPolicyStatus status,
      ControllerInput in,
      List<Action> actions) {
    Optional<RuleVerdict> verdict = rule.evaluate(in);
    if (verdict.isEmpty()) {
      return;
    }
    Finding f =
        status.getFindings().stream()
            .filter(x -> ProxyReload.NAME.equals(x.getRule()))
            .filter(x -> in.controller().equals(x.getController()))
            .findFirst()
            .orElse(null);
    String before = f == null ? null : f.getExplanation();
    if (f == null) {
      f = new Finding();
      f.setRule(ProxyReload.NAME);
      f.setController(in.controller());
      status.getFindings().add(f);
    }
    StatusEntries.fill(f, verdict.get().evidence(), verdict.get().explanation());
    f.setState(FindingState.NotRemediable);
    if (!Objects.equals(before, f.getExplanation())) {
      actions.add(
          Action.Event.warning(
              policy,
              ProxyReload.NAME,
              in.controller() + "/" + ProxyReload.NAME,
              f.getExplanation()));
    }
  }
}
