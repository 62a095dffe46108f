package io.wsaudit.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
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
    var install =
        new Helm(Chart.dir())
            .install()
            .withName(Chart.RELEASE)
            .withNamespace(Chart.NAMESPACE)
            .dryRun()
            .withDryRunOption(DryRun.CLIENT)
            .clientOnly();
    if (nonDefault) {
      install =
          install
              .set("replicas", 2)
              .set("watchNamespaces[0]", "shop")
              .set("watchNamespaces[1]", "chat")
              .set("otlp.bearerTokenSecret.name", "wsaudit-otlp");
    }
    String output = install.call().getOutput();
    return output.substring(output.indexOf("NOTES:"));
  }
}
