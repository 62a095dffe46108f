package io.wsaudit.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code helm lint --strict} passes with the default values and with values that change every
 * template decision.
 */
class ChartLintTest {

  @Test
  void lintsCleanWithDefaultValues() {
    LintResult result = Chart.lint(Map.of());

    assertThat(result.isFailed()).as("%s", result.getMessages()).isFalse();
    // The one message proves lint ran; there is no other (no warning, no error).
    assertThat(result.getMessages()).containsExactly("[INFO] Chart.yaml: icon is recommended");
  }

  @Test
  void lintsCleanWithWatchedNamespacesTwoReplicasAndServiceMonitor() {
    LintResult result = Chart.lint(Chart.NON_DEFAULT);

    assertThat(result.isFailed()).as("%s", result.getMessages()).isFalse();
    // The one message proves lint ran; there is no other (no warning, no error).
    assertThat(result.getMessages()).containsExactly("[INFO] Chart.yaml: icon is recommended");
  }

  @Test
  void valuesSchemaRejectsUnknownAndMistypedValues() {
    assertThatThrownBy(() -> Chart.template(Map.of("replica", 2))).hasMessageContaining("replica");
    assertThatThrownBy(() -> Chart.template(Map.of("replicas", "two")))
        .hasMessageContaining("replicas");
    assertThatThrownBy(
            () -> Chart.template(Map.of("timing", Map.of("patchInterval", "ten minutes"))))
        .hasMessageContaining("patchInterval");
    assertThatThrownBy(() -> Chart.template(Map.of("watchNamespaces", "shop")))
        .hasMessageContaining("watchNamespaces");
  }
}
