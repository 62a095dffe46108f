package io.wsaudit.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * NOTES.txt (rendered by a client-only dry-run install) tells how to point the agent at this
 * release's Service.
 */
class NotesTest {

  @Test
  void notesPointTheAgentAtTheOperatorsOtlpService() {
    String notes = notes(false);

    assertThat(notes)
        .contains("-javaagent:/wsaudit/wsaudit-agent.jar")
        .contains("OTEL_EXPORTER_OTLP_ENDPOINT")
        .contains("http://wsaudit.wsaudit-system.svc:4318")
        .contains("k8s.namespace.name=$(OTEL_RESOURCE_ATTRIBUTES_NAMESPACE)")
        .contains("k8s.pod.name=$(OTEL_RESOURCE_ATTRIBUTES_POD_NAME)")
        .contains("It watches all namespaces.")
        .doesNotContain("Bearer");
  }

  @Test
  void notesWarnAboutSeveralReplicasAndTheToken() {
    String notes = notes(true);

    assertThat(notes)
        .contains("It watches the namespaces: shop, chat.")
        .contains("every replica must receive every span")
        .contains("wsaudit-headless.wsaudit-system.svc")
        .contains("Authorization: Bearer");
  }

  private static String notes(boolean nonDefault) {
    Map<String, Object> sets = new LinkedHashMap<>();
    if (nonDefault) {
      sets.put("replicas", 2);
      sets.put("watchNamespaces[0]", "shop");
      sets.put("watchNamespaces[1]", "chat");
      sets.put("otlp.bearerTokenSecret.name", "wsaudit-otlp");
    }
    return notes(sets);
  }

  /** NOTES.txt as a client-only dry-run install renders it with these {@code --set} values. */
  static String notes(Map<String, Object> sets) {
    var install =
        new Helm(Chart.dir())
            .install()
            .withName(Chart.RELEASE)
            .withNamespace(Chart.NAMESPACE)
            .dryRun()
            .withDryRunOption(DryRun.CLIENT)
            .clientOnly();
    for (Map.Entry<String, Object> set : sets.entrySet()) {
      install = install.set(set.getKey(), set.getValue());
    }
    String output = install.call().getOutput();
    return output.substring(output.indexOf("NOTES:"));
  }
}
