package io.wsaudit.helm;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The rights the rendered chart gives the operator's ServiceAccount: every rule of a (Cluster)Role
 * that a (Cluster)RoleBinding binds to it, with the namespace it applies in ({@code null}: every
 * namespace and cluster-scoped resources). Rules of roles bound to nobody do not count.
 */
public record Rbac(List<Grant> grants) {

  /** One rule and where it applies. */
  public record Grant(String namespace, String roleName, PolicyRule rule) {
    public boolean clusterWide() {
      return namespace == null;
    }

    /** One grant per verb and resource of the rule: what "each verb was needed" is checked on. */
    public List<Grant> singles() {
      return rule.getVerbs().stream()
          .flatMap(verb -> rule.getResources().stream().map(resource -> single(verb, resource)))
          .toList();
    }

    private Grant single(String verb, String resource) {
      return new Grant(
          namespace,
          roleName,
          new PolicyRuleBuilder(rule).withVerbs(verb).withResources(resource).build());
    }

    /** The verb of a grant from {@link #singles()}. */
    public String verb() {
      return rule.getVerbs().get(0);
    }

    /** The resource of a grant from {@link #singles()}. */
    public String resource() {
      return rule.getResources().get(0);
    }
  }

  public static Rbac of(List<HasMetadata> manifests, String serviceAccount, String saNamespace) {
    List<Grant> grants = new ArrayList<>();
    for (HasMetadata m : manifests) {
      if (m instanceof ClusterRoleBinding b
          && boundTo(b.getSubjects(), serviceAccount, saNamespace)) {
        ClusterRole role = find(manifests, ClusterRole.class, null, b.getRoleRef().getName());
        role.getRules().forEach(r -> grants.add(new Grant(null, role.getMetadata().getName(), r)));
      }
      if (m instanceof RoleBinding b && boundTo(b.getSubjects(), serviceAccount, saNamespace)) {
        String ns = b.getMetadata().getNamespace();
        if ("ClusterRole".equals(b.getRoleRef().getKind())) {
          ClusterRole role = find(manifests, ClusterRole.class, null, b.getRoleRef().getName());
          role.getRules().forEach(r -> grants.add(new Grant(ns, role.getMetadata().getName(), r)));
        } else {
          Role role = find(manifests, Role.class, ns, b.getRoleRef().getName());
          role.getRules().forEach(r -> grants.add(new Grant(ns, role.getMetadata().getName(), r)));
        }
      }
    }
    return new Rbac(grants);
  }

  /**
   * Grants whose rule names this resource ({@code group/resource}, core group written as {@code
   * /pods}).
   */
  public List<Grant> on(String group, String resource) {
    return grants.stream()
        .filter(
            g ->
                g.rule().getApiGroups().contains(group)
                    && g.rule().getResources().contains(resource))
        .toList();
  }

  /** Whether a request is allowed, the way the Kubernetes RBAC authorizer decides it. */
  public boolean allows(ApiRequest r) {
    return grants.stream().anyMatch(g -> covers(g, r));
  }

  public static boolean covers(Grant g, ApiRequest r) {
    PolicyRule rule = g.rule();
    if (g.namespace() != null && !g.namespace().equals(r.namespace())) {
      return false;
    }
    if (!rule.getApiGroups().contains(r.group())
        || !rule.getResources().contains(r.resourceWithSubresource())
        || !rule.getVerbs().contains(r.verb())) {
      return false;
    }
    List<String> names = rule.getResourceNames();
    if (names == null || names.isEmpty()) {
      return true;
    }
    // resourceNames never allow create; list and watch only with a metadata.name field selector
    // (r.name() then).
    return !"create".equals(r.verb()) && r.name() != null && names.contains(r.name());
  }

  private static boolean boundTo(List<Subject> subjects, String sa, String ns) {
    return subjects.stream()
        .anyMatch(
            s ->
                "ServiceAccount".equals(s.getKind())
                    && sa.equals(s.getName())
                    && ns.equals(s.getNamespace()));
  }

  private static <T extends HasMetadata> T find(
      List<HasMetadata> manifests, Class<T> kind, String ns, String name) {
    return manifests.stream()
        .filter(kind::isInstance)
        .map(kind::cast)
        .filter(
            r ->
                r.getMetadata().getName().equals(name)
                    && Objects.equals(ns, r.getMetadata().getNamespace()))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "binding to a missing " + kind.getSimpleName() + " " + ns + "/" + name));
  }
}
