package io.wsaudit.testkit.kube;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/**
 * An Ingress of one host and one path going to a Service's port 80, described field by field and
 * built in memory ({@link #build()}) or created through a client ({@link #create}). Defaults: class
 * {@code nginx}, path {@code /} (Prefix), the Service of the Ingress's own name, no host.
 */
public final class IngressDraft {

  private final String namespace;
  private final String name;
  private String className = "nginx";
  private String host;
  private String path = "/";
  private String pathType = "Prefix";
  private String service;
  private String created;
  private Map<String, String> annotations = Map.of();
  private Map<String, String> labels = Map.of();

  private IngressDraft(String namespace, String name) {
    this.namespace = namespace;
    this.name = name;
    this.service = name;
  }

  public static IngressDraft of(String namespace, String name) {
    return new IngressDraft(namespace, name);
  }

  /** {@code null} for none (e.g. the legacy {@code kubernetes.io/ingress.class} annotation). */
  public IngressDraft className(String className) {
    this.className = className;
    return this;
  }

  public IngressDraft host(String host) {
    this.host = host;
    return this;
  }

  public IngressDraft path(String path, String pathType) {
    this.path = path;
    this.pathType = pathType;
    return this;
  }

  public IngressDraft service(String service) {
    this.service = service;
    return this;
  }

  /**
   * A creationTimestamp (RFC 3339), for age ordering in memory: the CRUD mock stamps its own on
   * create.
   */
  public IngressDraft created(String timestamp) {
    this.created = timestamp;
    return this;
  }

  public IngressDraft annotations(Map<String, String> annotations) {
    this.annotations = annotations;
    return this;
  }

  public IngressDraft labels(Map<String, String> labels) {
    this.labels = labels;
    return this;
  }

  public Ingress build() {
    return new IngressBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withCreationTimestamp(created)
        .withAnnotations(annotations)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withIngressClassName(className)
        .addNewRule()
        .withHost(host)
        .withNewHttp()
        .addNewPath()
        .withPath(path)
        .withPathType(pathType)
        .withNewBackend()
        .withNewService()
        .withName(service)
        .withNewPort()
        .withNumber(80)
        .endPort()
        .endService()
        .endBackend()
        .endPath()
        .endHttp()
        .endRule()
        .endSpec()
        .build();
  }

  public Ingress create(KubernetesClient c) {
    return c.network().v1().ingresses().inNamespace(namespace).resource(build()).create();
  }
}
