package io.wsaudit.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MockApiServerTest {

  @Test
  void servesAKindOnceItsCrdIsLoadedFromTheClassPath() {
    try (MockApiServer api =
        MockApiServer.start().withCrdResources("crds/widgets.example.com.yaml")) {
      var c = api.client();
      assertThat(
              c.apiextensions()
                  .v1()
                  .customResourceDefinitions()
                  .withName("widgets.example.com")
                  .get())
          .isNotNull();
      var widgets =
          c.genericKubernetesResources(
              new ResourceDefinitionContext.Builder()
                  .withGroup("example.com")
                  .withVersion("v1")
                  .withKind("Widget")
                  .withPlural("widgets")
                  .withNamespaced(true)
                  .build());
      GenericKubernetesResource w =
          new GenericKubernetesResourceBuilder()
              .withApiVersion("example.com/v1")
              .withKind("Widget")
              .withNewMetadata()
              .withNamespace("shop")
              .withName("w")
              .endMetadata()
              .addToAdditionalProperties("spec", Map.of("size", 3))
              .build();
      widgets.inNamespace("shop").resource(w).create();
      assertThat((Integer) widgets.inNamespace("shop").withName("w").get().get("spec", "size"))
          .isEqualTo(3);
    }
  }

  @Test
  void storesWhatFixturesCreateAndAnswersRulesReviewsAsAdmin() {
    try (MockApiServer api = MockApiServer.startAsAdmin()) {
      var c = api.client();
      KubeFixtures.namespace(c, "shop");
      KubeFixtures.backend(c, Backend.of("shop", "chat", "10.0.0.7"));
      IngressDraft.of("shop", "chat").host("chat.example").annotations(Map.of("a", "b")).create(c);

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

  @Test
  void answersRulesReviewsWithTheGivenRulesAndTokenReviewsByToken() {
    try (MockApiServer api =
        MockApiServer.start()
            .withRulesReview(
                List.of(
                    new ResourceRuleBuilder()
                        .withApiGroups("coordination.k8s.io")
                        .withResources("leases")
                        .withVerbs("get", "patch")
                        .build()))
            .withTokenReviews(Map.of("good-token", "system:serviceaccount:shop:chat"))) {
      var c = api.client();
      SelfSubjectRulesReview rules =
          c.authorization()
              .v1()
              .selfSubjectRulesReview()
              .create(new SelfSubjectRulesReviewBuilder().withNewSpec().endSpec().build());
      assertThat(rules.getStatus().getResourceRules())
          .singleElement()
          .satisfies(r -> assertThat(r.getVerbs()).containsExactly("get", "patch"));

      assertThat(review(c, "good-token").getStatus())
          .satisfies(
              st -> {
                assertThat(st.getAuthenticated()).isTrue();
                assertThat(st.getUser().getUsername()).isEqualTo("system:serviceaccount:shop:chat");
              });
      assertThat(review(c, "good-token-but-longer").getStatus().getAuthenticated()).isFalse();
    }
  }

  @Test
  void aClientWithItsOwnTokenIsToldApartInTheRequestLog() throws Exception {
    try (MockApiServer api = MockApiServer.start();
        KubernetesClient operator = api.newClient("operator-token", "ops")) {
      api.client().configMaps().inNamespace("ops").list();
      operator.configMaps().list();
      List<RecordedRequest> log = new ArrayList<>();
      RecordedRequest r;
      while ((r = api.server().takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
        log.add(r);
      }
      assertThat(log)
          .filteredOn(x -> "Bearer operator-token".equals(x.getHeader("Authorization")))
          .singleElement()
          .satisfies(x -> assertThat(x.getPath()).startsWith("/api/v1/namespaces/ops/configmaps"));
      assertThat(log).hasSize(2);
    }
  }

  @Test
  void listsWithALimitComeInPagesWithContinueTokensAsFromARealApiServer() {
    try (MockApiServer api = MockApiServer.start()) {
      KubernetesClient c = api.client();
      for (int i = 0; i < 7; i++) {
        c.configMaps()
            .inNamespace("paged")
            .resource(
                new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                    .withNewMetadata()
                    .withName("cm-" + i)
                    .endMetadata()
                    .build())
            .create();
      }
      List<String> names = new ArrayList<>();
      List<Integer> pageSizes = new ArrayList<>();
      List<Long> remaining = new ArrayList<>();
      String token = null;
      do {
        var page =
            c.configMaps()
                .inNamespace("paged")
                .list(
                    new io.fabric8.kubernetes.api.model.ListOptionsBuilder()
                        .withLimit(3L)
                        .withContinue(token)
                        .build());
        page.getItems().forEach(cm -> names.add(cm.getMetadata().getName()));
        pageSizes.add(page.getItems().size());
        remaining.add(page.getMetadata().getRemainingItemCount());
        assertThat(page.getMetadata().getResourceVersion()).isNotBlank();
        token = page.getMetadata().getContinue();
      } while (token != null && !token.isEmpty());

      assertThat(pageSizes).containsExactly(3, 3, 1);
      assertThat(remaining).containsExactly(4L, 1L, null);
      assertThat(names).doesNotHaveDuplicates().hasSize(7);
      assertThat(c.configMaps().inNamespace("paged").list().getItems()).hasSize(7);
      var expired =
          org.assertj.core.api.Assertions.catchThrowableOfType(
              io.fabric8.kubernetes.client.KubernetesClientException.class,
              () ->
                  c.configMaps()
                      .inNamespace("paged")
                      .list(
                          new io.fabric8.kubernetes.api.model.ListOptionsBuilder()
                              .withLimit(3L)
                              .withContinue("not-a-token")
                              .build()));
      assertThat(expired.getCode()).isEqualTo(410);
    }
  }

  private static TokenReview review(KubernetesClient c, String token) {
    return c.resource(new TokenReviewBuilder().withNewSpec().withToken(token).endSpec().build())
        .create();
  }
}
