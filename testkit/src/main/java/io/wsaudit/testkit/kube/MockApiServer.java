package io.wsaudit.testkit.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * Fabric8's mock API server in CRUD mode on 127.0.0.1 (a free port): real HTTP and real watches, a
 * recorded expectation winning over CRUD where a test sets one. Stands in for a cluster's API
 * server in every module's tests, the bench and the demo.
 */
public final class MockApiServer implements AutoCloseable {

  /**
   * Held so the setting sticks: the mock logs every request through java.util.logging at INFO
   * otherwise.
   */
  private static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private final MixedDispatcher dispatcher;
  private final KubernetesMockServer server;
  private final KubernetesClient client;

  private MockApiServer() {
    var responses = new HashMap<ServerRequest, Queue<ServerResponse>>();
    dispatcher = new MixedDispatcher(responses);
    server =
        new KubernetesMockServer(new Context(), new MockWebServer(), responses, dispatcher, false);
    try {
      server.init(InetAddress.getByName("127.0.0.1"), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    client = server.createClient();
  }

  /** A started server with no expectations: every request is CRUD. */
  public static MockApiServer start() {
    return new MockApiServer();
  }

  /**
   * A started server that answers SelfSubjectRulesReviews as for an admin: JOSDK asks one before
   * leader election, and CRUD mode cannot store it.
   */
  public static MockApiServer startAsAdmin() {
    return start()
        .withRulesReview(
            List.of(
                new ResourceRuleBuilder()
                    .withApiGroups("*")
                    .withResources("*")
                    .withVerbs("*")
                    .build()));
  }

  /** Answers every SelfSubjectRulesReview with these rules (CRUD mode cannot store a review). */
  public MockApiServer withRulesReview(List<ResourceRule> rules) {
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(
            201,
            new SelfSubjectRulesReviewBuilder()
                .withNewStatus()
                .withResourceRules(rules)
                .withIncomplete(false)
                .endStatus()
                .build())
        .always();
    return this;
  }

  /**
   * Answers every TokenReview: authenticated as {@code usersByToken}'s user for a known token,
   * unauthenticated for any other.
   */
  public MockApiServer withTokenReviews(Map<String, String> usersByToken) {
    server
        .expect()
        .post()
        .withPath("/apis/authentication.k8s.io/v1/tokenreviews")
        .andReply(
            201,
            request -> {
              TokenReview review =
                  client
                      .getKubernetesSerialization()
                      .unmarshal(request.getBody().readUtf8(), TokenReview.class);
              String user =
                  review.getSpec() == null ? null : usersByToken.get(review.getSpec().getToken());
              return new TokenReviewBuilder()
                  .withNewStatus()
                  .withAuthenticated(user != null)
                  .withNewUser()
                  .withUsername(user)
                  .endUser()
                  .endStatus()
                  .build();
            })
        .always();
    return this;
  }

  /** Installs a CustomResourceDefinition read from YAML (e.g. a CRD generated into a jar). */
  public MockApiServer withCrd(InputStream yaml) {
    if (yaml == null) {
      throw new IllegalArgumentException("CRD YAML not found (null stream)");
    }
    try (yaml) {
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .resource(
              client.getKubernetesSerialization().unmarshal(yaml, CustomResourceDefinition.class))
          .create();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /**
   * Installs CustomResourceDefinitions read from the class path, e.g. third-party CRDs a module
   * vendors from their published YAML under its test resources; each kind is then served in CRUD
   * mode like any other.
   */
  public MockApiServer withCrdResources(String... classpathResources) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    for (String r : classpathResources) {
      InputStream in = loader.getResourceAsStream(r);
      if (in == null) {
        throw new IllegalArgumentException("CRD resource not on the class path: " + r);
      }
      withCrd(in);
    }
    return this;
  }

  /** The client every fixture goes through. */
  public KubernetesClient client() {
    return client;
  }

  /** A fresh client of this server (one per concurrent writer, like separate controllers). */
  public KubernetesClient newClient() {
    return server.createClient();
  }

  /**
   * A fresh client sending this bearer token and defaulting to {@code namespace}: its requests can
   * be told apart from others' in the request log ({@code server().takeRequest}).
   */
  public KubernetesClient newClient(String bearerToken, String namespace) {
    return new KubernetesClientBuilder()
        .withConfig(
            new ConfigBuilder(server.createClient().getConfiguration())
                .withOauthToken(bearerToken)
                .withNamespace(namespace)
                .build())
        .build();
  }

  /** For expectations ({@code server().expect()...}) and the request log. */
  public KubernetesMockServer server() {
    return server;
  }

  public String url() {
    return client.getMasterUrl().toString();
  }

  /** A kubeconfig pointing at this server, for a forked process (Fabric8's standard resolution). */
  public Path kubeconfig(Path dir, String namespace) throws IOException {
    Path file = dir.resolve("kubeconfig");
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        clusters: [{name: mock, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
        users: [{name: me, user: {token: dummy}}]
        contexts: [{name: mock, context: {cluster: mock, user: me, namespace: %s}}]
        current-context: mock
        """
            .formatted(url(), namespace));
    return file;
  }

  /**
   * Stores an object the way the CRUD dispatcher's POST handler does after its checks (a
   * resourceVersion from the dispatcher's counter, then its {@code processEvent}: indexed by the
   * same attributes, watchers notified), but in-process: creating tens of thousands of objects over
   * HTTP takes the CRUD mock minutes (~100 a second on 2 cores). The object must carry its own
   * name, namespace, uid and creationTimestamp. Returns its JSON size.
   */
  public int bulkCreate(String collectionPath, HasMetadata object) {
    KubernetesCrudDispatcher crud = dispatcher.crud();
    object.getMetadata().setResourceVersion(Long.toString(crud.requestResourceVersion()));
    String json = client.getKubernetesSerialization().asJson(object);
    GenericKubernetesResource generic =
        client.getKubernetesSerialization().unmarshal(json, GenericKubernetesResource.class);
    crud.processEvent(collectionPath, crud.getKey(collectionPath), null, generic, json);
    return json.length();
  }

  @Override
  public void close() {
    client.close();
    try {
      server.destroy();
    } catch (IllegalStateException e) {
      // "Unable to close MockWebServer": a watch outlived its client by a moment; nothing depends
      // on it.
    }
  }
}
