package io.wsaudit.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MockApiServerTest {

  @Test
  void storesWhatFixturesCreateAndAnswersRulesReviewsAsAdmin() {
    try (MockApiServer api = MockApiServer.startAsAdmin()) {
      var c = api.client();
      KubeFixtures.namespace(c, "shop");
      KubeFixtures.backend(c, Backend.of("shop", "chat", "10.0.0.7"));
      KubeFixtures.ingress(
          c, "shop", "chat", "nginx", "chat.example", "chat", Map.of("a", "b"), Map.of());

      assertThat(api.url()).matches("http://localhost:\\d+/");
      var pod = c.pods().inNamespace("shop").withName("chat-0").get();
      assertThat(pod.getStatus().getPodIP()).isEqualTo("10.0.0.7");
      assertThat(
              c.discovery()
                  .v1()
                  .endpointSlices()
                  .inNamespace("shop")
                  .withLabel("kubernetes.io/service-name", "chat")
                  .list()
                  .getItems())
          .singleElement()
          .satisfies(s -> assertThat(s.getEndpoints().get(0).getAddresses()).contains("10.0.0.7"));
      assertThat(c.network().v1().ingresses().inNamespace("shop").withName("chat").get())
          .satisfies(i -> assertThat(i.getMetadata().getAnnotations()).containsEntry("a", "b"));

      SelfSubjectRulesReview review =
          c.authorization()
              .v1()
              .selfSubjectRulesReview()
              .create(
                  new SelfSubjectRulesReviewBuilder()
                      .withNewSpec()
                      .withNamespace("shop")
                      .endSpec()
                      .build());
      assertThat(review.getStatus().getResourceRules().get(0).getVerbs()).containsExactly("*");
    }
  }
}
