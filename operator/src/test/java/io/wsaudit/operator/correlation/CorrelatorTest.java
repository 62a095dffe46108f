package io.wsaudit.operator.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.wsaudit.operator.otlp.HandshakeObservation;
import io.wsaudit.operator.otlp.ProxyObservation;
import io.wsaudit.operator.otlp.SpanSource;
import io.wsaudit.operator.proxy.ControllerSettings;
import io.wsaudit.testkit.kube.IngressDraft;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Correlation from a span to the Ingress ingress-nginx used, through informer caches on the CRUD
 * mock: pod by name or IP, Services by EndpointSlice, rule by host and path, the oldest Ingress for
 * a duplicated location.
 */
@Timeout(30)
@EnableKubernetesMockClient(crud = true)
class CorrelatorTest {

  static final String NS = "shop";
  KubernetesClient client;
  ClusterIndex index;
  Correlator correlator;

  @BeforeEach
  void start() throws Exception {
    var cluster = new io.wsaudit.operator.testing.Cluster(client);
    cluster.ingressClass("nginx", "k8s.io/ingress-nginx");
    cluster.ingressClass("other", "example.com/other");
    cluster.app("chat", "10.0.9.1");
    cluster.app("api", "10.0.9.2");
    index = new ClusterIndex(client, java.util.Set.of(), ControllerSettings.defaults());
    index.start().get(20, TimeUnit.SECONDS);
    correlator = new Correlator(index);
  }

  @AfterEach
  void stop() {
    index.close();
    // Closing the client ends the informers' watch connections now, so the mock server can shut
    // down in time.
    client.close();
  }

  @Test
  void podNameOrPodIpLeadToTheIngressRoutingToItsService() {
    toChat("chat", "2026-01-01T00:00:00Z").create(client);
    awaitCached(1);
    assertThat(route(new SpanSource(NS, "chat-0", null), "chat.example.com", "/ws"))
        .contains(new Route(NS, "chat", "chat.example.com", "/"));
    assertThat(route(new SpanSource(null, null, "10.0.9.1"), "chat.example.com", "/ws"))
        .contains(new Route(NS, "chat", "chat.example.com", "/"));
    assertThat(route(new SpanSource(null, null, "10.9.9.9"), "chat.example.com", "/ws")).isEmpty();
    assertThat(route(new SpanSource(NS, "chat-0", null), "other.example.com", "/ws")).isEmpty();
  }

  @Test
  void theLongestMatchingPathWins_andOtherClassesAndCanariesAreIgnored() {
    toChat("site", "2026-01-01T00:00:00Z").create(client);
    toChat("socket", "2026-02-01T00:00:00Z").path("/ws", "Prefix").create(client);
    toChat("foreign", "2025-01-01T00:00:00Z")
        .className("other")
        .path("/ws/live", "Prefix")
        .create(client);
    toChat("canary", "2025-01-01T00:00:00Z")
        .path("/ws/live", "Prefix")
        .annotations(Map.of("nginx.ingress.kubernetes.io/canary", "true"))
        .create(client);
    awaitCached(4);
    assertThat(
            route(new SpanSource(NS, "chat-0", null), "chat.example.com", "/ws/live")
                .map(Route::ingress))
        .contains("socket");
    assertThat(
            route(new SpanSource(NS, "chat-0", null), "chat.example.com", "/wsx")
                .map(Route::ingress))
        .contains("site");
  }

  @Test
  void aProxyLineFindsItsIngressByUpstreamName_inEitherSpelling_elseByUpstreamAddress() {
    toChat("chat", "2026-01-01T00:00:00Z").create(client);
    Ingress named =
        toChat("named", "2026-01-01T00:00:00Z").host("api.example.com").service("api").build();
    // The backend names its Service port instead of numbering it.
    var port =
        named
            .getSpec()
            .getRules()
            .get(0)
            .getHttp()
            .getPaths()
            .get(0)
            .getBackend()
            .getService()
            .getPort();
    port.setNumber(null);
    port.setName("http");
    client.resource(named).create();
    toChat("foreign", "2026-01-01T00:00:00Z")
        .className("other")
        .host("x.example.com")
        .service("api")
        .create(client);
    awaitCached(3);
    assertThat(proxyRoute("shop-chat-80", null, "chat.example.com"))
        .contains(new Route(NS, "chat", "chat.example.com", "/"));
    assertThat(proxyRoute("shop-chat-80-noncanary", null, "chat.example.com").map(Route::ingress))
        .contains("chat");
    assertThat(proxyRoute("shop-api-http", null, "api.example.com").map(Route::ingress))
        .contains("named");
    assertThat(proxyRoute("shop-chat-8080", null, "chat.example.com"))
        .as("a name is matched whole, never by prefix")
        .isEmpty();
    assertThat(proxyRoute(null, "10.0.9.1:8080", "chat.example.com").map(Route::ingress))
        .as("without an upstream name: the pod at the upstream address")
        .contains("chat");
    assertThat(proxyRoute("shop-api-80", null, "x.example.com"))
        .as("an Ingress of another controller's class")
        .isEmpty();
  }

  @Test
  void nginxsSpanFindsItsIngressByHostAndPathAlone_andAnAmbiguousMatchIsNone() {
    java.util.concurrent.atomic.AtomicInteger ambiguous =
        new java.util.concurrent.atomic.AtomicInteger();
    Correlator counting = new Correlator(index, ambiguous::incrementAndGet);
    toChat("site", "2026-01-01T00:00:00Z").create(client);
    toChat("socket", "2026-02-01T00:00:00Z").path("/ws", "Prefix").create(client);
    IngressDraft.of("team-b", "wild")
        .created("2026-01-01T00:00:00Z")
        .host("*.example.com")
        .service("edge")
        .create(client);
    toChat("foreign", "2025-01-01T00:00:00Z")
        .className("other")
        .path("/ws/live", "Prefix")
        .create(client);
    IngressDraft.of("team-b", "dup-b")
        .created("2026-01-01T00:00:00Z")
        .host("dup.example.com")
        .service("b")
        .path("/ws", "ImplementationSpecific")
        .create(client);
    toChat("dup-a", "2026-01-01T00:00:00Z")
        .host("dup.example.com")
        .path("/ws", "Prefix")
        .create(client);
    awaitCached(6);

    assertThat(spanRoute(counting, "chat.example.com", "/ws/live").map(Route::ingressKey))
        .contains("shop/socket");
    assertThat(spanRoute(counting, "chat.example.com", "/").map(Route::ingressKey))
        .contains("shop/site");
    assertThat(spanRoute(counting, "shop.example.com", "/ws").map(Route::ingressKey))
        .as("only the wildcard rule covers this host")
        .contains("team-b/wild");
    assertThat(spanRoute(counting, "a.b.example.com", "/ws"))
        .as("a wildcard covers one label")
        .isEmpty();
    assertThat(ambiguous).hasValue(0);
    assertThat(spanRoute(counting, "dup.example.com", "/ws/1"))
        .as("two Ingresses of two namespaces claim it alike")
        .isEmpty();
    assertThat(ambiguous).hasValue(1);
  }

  /** What nginx's span says: host and path, no upstream. */
  private static Optional<Route> spanRoute(Correlator c, String host, String path) {
    return c.correlate(
        new ProxyObservation(
            Instant.now(),
            host,
            path,
            101,
            3L,
            null,
            null,
            null,
            null,
            false,
            new SpanSource(null, null, null),
            "0af7651916cd43dd8448eb211c80319c",
            "b7ad6b7169203331",
            ProxyObservation.Origin.NGINX_SPAN));
  }

  private Optional<Route> proxyRoute(String upstreamName, String upstreamAddr, String host) {
    return correlator.correlate(
        new ProxyObservation(
            Instant.now(),
            host,
            "/ws",
            101,
            3L,
            upstreamName,
            upstreamAddr,
            "req-1",
            true,
            false,
            new SpanSource("ingress-nginx", "ingress-nginx-controller-0", null)));
  }

  private Optional<Route> route(SpanSource source, String host, String path) {
    return correlator.correlate(
        new HandshakeObservation(
            "0af7651916cd43dd8448eb211c80319c",
            "c1",
            source,
            host,
            path,
            "1.0",
            "upgraded",
            null,
            101L,
            false,
            List.of(),
            null,
            null,
            Instant.now()));
  }

  /** An Ingress for chat.example.com to the chat Service, "/" (Prefix) unless changed. */
  private static IngressDraft toChat(String name, String created) {
    return IngressDraft.of(NS, name).created(created).host("chat.example.com").service("chat");
  }

  private void awaitCached(int ingresses) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> index.ingresses().size() == ingresses && !index.podsByIp("10.0.9.1").isEmpty());
  }
}
