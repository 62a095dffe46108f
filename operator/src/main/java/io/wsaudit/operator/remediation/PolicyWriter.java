package io.wsaudit.operator.remediation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.wsaudit.operator.proxy.gatewayapi.OwnedPolicies;
import io.wsaudit.operator.proxy.gatewayapi.PolicyChange;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only writer of Gateway API policy objects (BackendTrafficPolicy, ProxySettingsPolicy): it
 * creates objects of ours, merge-patches (RFC 7386) objects of ours, and deletes objects of ours,
 * never anything else. Only the kinds of the enabled Gateway proxies are written, so the RBAC for
 * these kinds is needed only when they are enabled.
 */
public final class PolicyWriter {

  private static final Logger LOG = LoggerFactory.getLogger(PolicyWriter.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final Set<String> kinds;

  /**
   * @param kinds {@code apiVersion/kind} of every policy kind an enabled proxy writes; empty when
   *     no Gateway proxy is enabled
   */
  public PolicyWriter(KubernetesClient client, Set<String> kinds) {
    this.client = client;
    this.kinds = Set.copyOf(kinds);
  }

  /** Applies the change; false when it was refused (not ours to write, or by the API server). */
  public boolean write(PolicyChange change) {
    GenericKubernetesResource p = change.policy();
    if (!kinds.contains(p.getApiVersion() + "/" + p.getKind()) || !OwnedPolicies.isOurs(p)) {
      LOG.warn("refusing to write {}: not a policy kind of an enabled proxy", change.objectName());
      return false;
    }
    var resources = client.genericKubernetesResources(p.getApiVersion(), p.getKind());
    try {
      if (change.kind() == PolicyChange.Kind.CREATE) {
        resources.inNamespace(p.getMetadata().getNamespace()).resource(p).create();
      } else {
        GenericKubernetesResource current =
            resources
                .inNamespace(p.getMetadata().getNamespace())
                .withName(p.getMetadata().getName())
                .get();
        if (current == null || !OwnedPolicies.isOurs(current)) {
          LOG.warn("refusing to patch {}: gone, or no longer ours", change.objectName());
          return false;
        }
        mergePatch(
            p.getApiVersion(),
            p.getKind(),
            p.getMetadata().getNamespace(),
            p.getMetadata().getName(),
            change.mergePatch());
      }
    } catch (KubernetesClientException e) {
      LOG.warn("writing {} failed: {}", change.objectName(), e.getMessage());
      return false;
    }
    LOG.info(
        "{} {}",
        change.kind() == PolicyChange.Kind.CREATE ? "created" : "patched",
        change.objectName());
    return true;
  }

  /** Deletes an object of ours, or merge-patches its fields back; a failure is logged. */
  public void undo(PolicyChange.Undo undo) {
    if (!kinds.contains(undo.apiVersion() + "/" + undo.policyKind())) {
      LOG.warn(
          "refusing to roll back {} {}: not a kind of an enabled proxy",
          undo.policyKind(),
          undo.name());
      return;
    }
    var named =
        client
            .genericKubernetesResources(undo.apiVersion(), undo.policyKind())
            .inNamespace(undo.namespace())
            .withName(undo.name());
    try {
      GenericKubernetesResource current = named.get();
      if (current == null || !OwnedPolicies.isOurs(current)) {
        return;
      }
      if (undo.delete()) {
        named.delete();
      } else {
        mergePatch(
            undo.apiVersion(), undo.policyKind(), undo.namespace(), undo.name(), undo.mergePatch());
      }
      LOG.info("rolled back {} {}/{}", undo.policyKind(), undo.namespace(), undo.name());
    } catch (KubernetesClientException e) {
      LOG.warn(
          "rolling back {} {}/{} failed: {}",
          undo.policyKind(),
          undo.namespace(),
          undo.name(),
          e.getMessage());
    }
  }

  private void mergePatch(
      String apiVersion, String kind, String namespace, String name, Map<String, Object> patch) {
    try {
      client
          .genericKubernetesResources(apiVersion, kind)
          .inNamespace(namespace)
          .withName(name)
          .patch(PatchContext.of(PatchType.JSON_MERGE), JSON.writeValueAsString(patch));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
