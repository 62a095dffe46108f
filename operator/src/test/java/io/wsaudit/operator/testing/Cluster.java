package io.wsaudit.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.wsaudit.operator.api.v1alpha1.Finding;
import io.wsaudit.operator.api.v1alpha1.FindingState;
import io.wsaudit.operator.api.v1alpha1.Mode;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicy;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicyStatus;
import io.wsaudit.operator.diagnosis.AppliedChange;
import io.wsaudit.testkit.kube.Backend;
import io.wsaudit.testkit.kube.IngressDraft;
import io.wsaudit.testkit.kube.KubeFixtures;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Creates the Kubernetes objects a test scenario needs, through the client, as a user or controller
 * would.
 */
public final class Cluster {

  public static final String NS = "shop";
  public static final String PREFIX = "nginx.ingress.kubernetes.io/";
  public static final String HTTP_VERSION = PREFIX + "proxy-http-version";

  private final KubernetesClient client;

  public Cluster(KubernetesClient client) {
    this.client = client;
  }

  public void ingressClass(String name, String controller) {
    KubeFixtures.ingressClass(client, name, controller);
  }

  /**
   * A pod with this IP behind a Service of the same name, listed in that Service's EndpointSlice.
   */
  public void app(String name, String podIp) {
    KubeFixtures.backend(client, Backend.of(NS, name, podIp));
  }

  /**
   * App {@code name} (pod {@code <name>-0}) behind an nginx Ingress of its name for host {@code
   * <name>.example.com}, with these annotations.
   */
  public Ingress appBehindIngress(String name, String podIp, Map<String, String> annotations) {
    app(name, podIp);
    return ingress(name, "nginx", name + ".example.com", name, annotations, Map.of());
  }

  public Ingress ingress(
      String name,
      String className,
      String host,
      String service,
      Map<String, String> annotations,
      Map<String, String> labels) {
    return IngressDraft.of(NS, name)
        .className(className)
        .host(host)
        .service(service)
        .annotations(annotations)
        .labels(labels)
        .create(client);
  }

  public void controllerConfigMap(Map<String, String> data) {
    KubeFixtures.configMap(client, "ingress-nginx", "ingress-nginx-controller", data);
  }

  /** What the controller ConfigMap holds now (the operator must never write it). */
  public Map<String, String> controllerConfigMapData() {
    return client
        .configMaps()
        .inNamespace("ingress-nginx")
        .withName("ingress-nginx-controller")
        .get()
        .getData();
  }

  public WebSocketAuditPolicy policy(
      String name, Mode mode, int minConnections, Map<String, String> selector) {
    WebSocketAuditPolicy p = new WebSocketAuditPolicy();
    p.getMetadata().setName(name);
    p.getMetadata().setNamespace(NS);
    p.getSpec().setMode(mode);
    p.getSpec().getEvidence().setMinConnections(minConnections);
    if (selector != null) {
      p.getSpec().setIngressSelector(new LabelSelectorBuilder().withMatchLabels(selector).build());
    }
    return client.resources(WebSocketAuditPolicy.class).inNamespace(NS).resource(p).create();
  }

  /** An Enforce policy that may write to these proxies only (null: the default, ingress-nginx). */
  public WebSocketAuditPolicy enforcing(String name, List<String> proxies) {
    WebSocketAuditPolicy p = new WebSocketAuditPolicy();
    p.getMetadata().setName(name);
    p.getMetadata().setNamespace(NS);
    p.getSpec().setMode(Mode.Enforce);
    p.getSpec().setProxies(proxies);
    return client.resources(WebSocketAuditPolicy.class).inNamespace(NS).resource(p).create();
  }

  public WebSocketAuditPolicyStatus status(String policy) {
    WebSocketAuditPolicy p =
        client.resources(WebSocketAuditPolicy.class).inNamespace(NS).withName(policy).get();
    return p == null ? null : p.getStatus();
  }

  /** Deletes the policy and waits until its finalizer has run (the rollback) and it is gone. */
  public void deletePolicy(String name) {
    var policy = client.resources(WebSocketAuditPolicy.class).inNamespace(NS).withName(name);
    policy.delete();
    await().atMost(Waits.WAIT).until(() -> policy.get() == null);
  }

  /** Waits until the policy's status holds a finding for the Ingress in that state; returns it. */
  public Finding awaitFinding(String policy, String ingress, FindingState state) {
    await()
        .atMost(Waits.WAIT)
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              WebSocketAuditPolicyStatus s = status(policy);
              assertThat(s).isNotNull();
              assertThat(s.getFindings())
                  .anySatisfy(
                      f -> {
                        assertThat(f.getIngress()).isEqualTo(ingress);
                        assertThat(f.getState()).isEqualTo(state);
                      });
            });
    return status(policy).getFindings().stream()
        .filter(f -> ingress.equals(f.getIngress()) && f.getState() == state)
        .findFirst()
        .orElseThrow();
  }

  /** Waits until the policy's status has exactly one finding, and it passes {@code check}. */
  public void awaitOnlyFinding(String policy, Consumer<Finding> check) {
    Waits.eventually(
        () -> assertThat(status(policy).getFindings()).singleElement().satisfies(check));
  }

  /** Waits until the Ingress carries the annotation with that value. */
  public void awaitAnnotation(String ingress, String key, String value) {
    Waits.eventually(() -> assertThat(annotations(ingress)).containsEntry(key, value));
  }

  /**
   * Waits until a rollback has put the annotation back to {@code value} ({@code null}: removed; the
   * mock may keep the key with a null value, RFC 7386) and dropped wsaudit's record of the patch.
   */
  public void awaitRestored(String ingress, String key, String value) {
    String record = AppliedChange.bookkeepingKey(key.substring(key.lastIndexOf('/') + 1));
    Waits.eventually(
        () -> {
          Map<String, String> a = annotations(ingress);
          assertThat(a.get(key)).isEqualTo(value);
          assertThat(a.get(record)).isNull();
        });
  }

  public Map<String, String> annotations(String ingress) {
    return KubeFixtures.annotations(client, NS, ingress);
  }

  /** Changes an Ingress's metadata from outside the operator, as a person would. */
  public void editMetadata(String ingress, Consumer<ObjectMeta> change) {
    ingressResource(ingress)
        .edit(
            i -> {
              change.accept(i.getMetadata());
              return i;
            });
  }

  private Resource<Ingress> ingressResource(String name) {
    return client.network().v1().ingresses().inNamespace(NS).withName(name);
  }

  public List<Event> events(String involvedName) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> involvedName.equals(e.getInvolvedObject().getName()))
        .toList();
  }
}
