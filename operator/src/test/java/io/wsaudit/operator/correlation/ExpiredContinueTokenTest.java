package io.wsaudit.operator.correlation;

import static io.wsaudit.operator.testing.Cluster.NS;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.wsaudit.operator.proxy.ControllerSettings;
import io.wsaudit.operator.testing.Cluster;
import io.wsaudit.testkit.kube.MockApiServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A paged list whose {@code continue} token has expired (a real API server forgets it after ~5
 * minutes; a 50k-Pod list on a slow link can take that long) is answered 410 Gone. The informer
 * then lists again from the start; before, the first sync failed and the operator exited.
 */
@Timeout(60)
class ExpiredContinueTokenTest {

  @Test
  void theFirstSyncListsAgainAfterAGoneContinueToken() throws Exception {
    try (MockApiServer api = MockApiServer.start()) {
      new Cluster(api.client()).app("chat", "10.0.9.1");
      // The first page as a real server cuts it, with a token the mock never issued: its pages
      // (testkit's ListPages) answer the next page's request 410, as for an expired token.
      api.server()
          .expect()
          .get()
          .withPath("/api/v1/pods?limit=" + ClusterIndex.LIST_PAGE)
          .andReturn(
              200,
              new PodListBuilder()
                  .withNewMetadata()
                  .withResourceVersion("1")
                  .withContinue("expired")
                  .withRemainingItemCount(1L)
                  .endMetadata()
                  .build())
          .once();

      try (ClusterIndex index =
          new ClusterIndex(api.client(), Set.of(), ControllerSettings.defaults())) {
        index.start().get(30, TimeUnit.SECONDS);

        assertThat(index.pod(NS, "chat-0")).isNotNull();
        assertThat(index.podsByIp("10.0.9.1")).hasSize(1);
      }
      List<String> podLists = new ArrayList<>();
      for (RecordedRequest r = api.server().takeRequest(1, TimeUnit.SECONDS);
          r != null;
          r = api.server().takeRequest(100, TimeUnit.MILLISECONDS)) {
        if (r.getPath().startsWith("/api/v1/pods?") && !r.getPath().contains("watch=true")) {
          podLists.add(r.getPath());
        }
      }
      // The page after the expired token was asked for, then the list started over.
      assertThat(podLists).hasSizeGreaterThanOrEqualTo(3);
      assertThat(podLists.get(1)).contains("continue=expired");
      assertThat(podLists.get(2)).doesNotContain("continue=");
    }
  }
}
