package io.wsaudit.operator.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Events have deterministic names, so the same occurrence counts up instead of piling up. */
@Timeout(30)
@EnableKubernetesMockClient(crud = true)
class EventRecorderTest {

  KubernetesClient client;

  @Test
  void theSameReasonAndSubjectIncrementsCount_anotherSubjectIsAnotherEvent() {
    Ingress ingress =
        client
            .network()
            .v1()
            .ingresses()
            .inNamespace("shop")
            .resource(
                new IngressBuilder()
                    .withNewMetadata()
                    .withName("chat")
                    .withNamespace("shop")
                    .endMetadata()
                    .build())
            .create();
    EventRecorder events = new EventRecorder(client);

    events.warning(ingress, "UpstreamHttp10", "UpstreamHttp10", "first");
    events.warning(ingress, "UpstreamHttp10", "UpstreamHttp10", "second");
    events.normal(ingress, "Remediated", "UpstreamHttp10", "patched");

    var all = client.v1().events().inNamespace("shop").list().getItems();
    assertThat(all).hasSize(2);
    Event repeated =
        client
            .v1()
            .events()
            .inNamespace("shop")
            .withName(EventRecorder.eventName(ingress, "UpstreamHttp10", "UpstreamHttp10"))
            .get();
    assertThat(repeated.getCount()).isEqualTo(2);
    assertThat(repeated.getMessage()).isEqualTo("second");
    assertThat(repeated.getType()).isEqualTo("Warning");
    assertThat(repeated.getInvolvedObject().getKind()).isEqualTo("Ingress");
    assertThat(repeated.getInvolvedObject().getName()).isEqualTo("chat");
    assertThat(repeated.getInvolvedObject().getUid()).isEqualTo(ingress.getMetadata().getUid());
    assertThat(repeated.getSource().getComponent()).isEqualTo("wsaudit-operator");
    assertThat(repeated.getFirstTimestamp()).isNotNull();
    assertThat(repeated.getLastTimestamp()).isNotNull();
    assertThat(EventRecorder.eventName(ingress, "UpstreamHttp10", "UpstreamHttp10"))
        .isEqualTo(EventRecorder.eventName(ingress, "UpstreamHttp10", "UpstreamHttp10"))
        .isNotEqualTo(EventRecorder.eventName(ingress, "Remediated", "UpstreamHttp10"))
        .startsWith("chat.");
  }
}
