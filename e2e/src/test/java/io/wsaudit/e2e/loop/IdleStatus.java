package io.wsaudit.e2e.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wsaudit.e2e.stage.Stage;
import io.wsaudit.operator.api.v1alpha1.Finding;
import io.wsaudit.operator.api.v1alpha1.FindingState;
import io.wsaudit.operator.api.v1alpha1.Remediation;
import io.wsaudit.operator.rules.IdleTimeout;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The policy's status as this test reads it. */
record IdleStatus(Stage stage) {

  static boolean names(String ingress, Stage.App app) {
    return ingress != null
        && (ingress.equals(app.service()) || ingress.endsWith("/" + app.service()));
  }

  List<Finding> findings() {
    var st = stage.status();
    return st == null || st.getFindings() == null ? List.of() : st.getFindings();
  }

  List<Remediation> remediations() {
    var st = stage.status();
    return st == null || st.getRemediations() == null ? List.of() : st.getRemediations();
  }

  Optional<Finding> finding(Stage.App app) {
    return finding(app, IdleTimeout.NAME);
  }

  /** The finding of this rule on the app's Ingress. */
  Optional<Finding> finding(Stage.App app, String rule) {
    return findings().stream()
        .filter(f -> names(f.getIngress(), app) && rule.equals(f.getRule()))
        .findFirst();
  }

  /** Waits until the app's Ingress has an IdleTimeout finding in this state. */
  void awaitState(Stage.App app, FindingState state) {
    awaitState(app, IdleTimeout.NAME, state);
  }

  /** Waits until the app's Ingress has a finding of this rule in this state. */
  void awaitState(Stage.App app, String rule, FindingState state) {
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> finding(app, rule).map(f -> f.getState() == state).orElse(false));
  }

  void assertNoFindingOn(Stage.App... controls) {
    for (Stage.App c : controls) {
      assertThat(findings()).noneMatch(f -> names(f.getIngress(), c));
    }
  }
}
