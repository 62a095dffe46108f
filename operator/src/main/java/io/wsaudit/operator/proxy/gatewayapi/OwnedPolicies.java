package io.wsaudit.operator.proxy.gatewayapi;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The policy objects the operator creates for an HTTPRoute: named for us ({@code wsaudit-<route>}),
 * labelled as ours, targeting only that route. A field we set on one of our own objects keeps its
 * previous value in a bookkeeping annotation ({@code wsaudit.io/remediated-<field path>}, the
 * prefix the Ingress path uses; "" when the field was unset), so a rollback restores exactly it; an
 * object we created is deleted instead. Objects that are not ours are never written.
 */
public final class OwnedPolicies {

  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String WSAUDIT = "wsaudit";
  public static final String BOOKKEEPING_PREFIX = "wsaudit.io/remediated-";
  static final String NAME_PREFIX = "wsaudit-";

  private OwnedPolicies() {}

  public static String nameFor(HTTPRoute route) {
    String n = NAME_PREFIX + route.getMetadata().getName();
    return n.length() <= 253 ? n : n.substring(0, 253);
  }

  public static boolean isOurs(GenericKubernetesResource p) {
    Map<String, String> labels = p.getMetadata().getLabels();
    return labels != null && WSAUDIT.equals(labels.get(MANAGED_BY));
  }

  public static String bookkeepingKey(List<String> field) {
    return BOOKKEEPING_PREFIX + String.join(".", field);
  }

  /**
   * The one change a fix makes: {@code fields} set on {@code ours} when the route has a policy of
   * ours already, else a new one of {@code kind} (see {@link #create}).
   */
  public static PolicyChange patchOrCreate(
      Optional<GenericKubernetesResource> ours,
      GatewayProxy.PolicyKind kind,
      HTTPRoute route,
      Map<String, Object> extra,
      Map<List<String>, String> fields) {
    return ours.isPresent()
        ? patch(ours.get(), fields)
        : create(kind.apiVersion(), kind.kind(), route, extra, fields);
  }

  /**
   * A new policy of ours for {@code route}: {@code spec.targetRefs} names only it; {@code extra}
   * adds further spec fields (e.g. a merge type) and {@code fields} the settings, keyed by their
   * path under the object.
   */
  public static PolicyChange create(
      String apiVersion,
      String kind,
      HTTPRoute route,
      Map<String, Object> extra,
      Map<List<String>, String> fields) {
    Map<String, Object> ref = new LinkedHashMap<>();
    ref.put("group", HttpRouteRouter.GROUP);
    ref.put("kind", "HTTPRoute");
    ref.put("name", route.getMetadata().getName());
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("targetRefs", List.of(ref));
    spec.putAll(extra);
    GenericKubernetesResource p =
        new GenericKubernetesResourceBuilder()
            .withApiVersion(apiVersion)
            .withKind(kind)
            .withNewMetadata()
            .withNamespace(route.getMetadata().getNamespace())
            .withName(nameFor(route))
            .addToLabels(MANAGED_BY, WSAUDIT)
            .endMetadata()
            .build();
    p.setAdditionalProperty("spec", spec);
    fields.forEach((path, value) -> put(p.getAdditionalProperties(), path, value));
    return new PolicyChange(
        PolicyChange.Kind.CREATE,
        p,
        null,
        new PolicyChange.Undo(
            apiVersion,
            kind,
            p.getMetadata().getNamespace(),
            p.getMetadata().getName(),
            true,
            null),
        fields,
        Map.of());
  }

  /**
   * Sets {@code fields} (paths from the object root, e.g. {@code spec.timeout.read}) on our own
   * {@code existing} policy. A field that already carries bookkeeping keeps it, so repeated patches
   * still roll back to the value from before the first.
   */
  public static PolicyChange patch(
      GenericKubernetesResource existing, Map<List<String>, String> fields) {
    if (!isOurs(existing)) {
      throw new IllegalArgumentException("not ours: " + existing.getMetadata().getName());
    }
    Map<String, String> annotations =
        existing.getMetadata().getAnnotations() == null
            ? Map.of()
            : existing.getMetadata().getAnnotations();
    Map<String, Object> patch = new LinkedHashMap<>();
    Map<String, Object> undo = new LinkedHashMap<>();
    Map<String, Object> patchAnnotations = new LinkedHashMap<>();
    Map<String, Object> undoAnnotations = new LinkedHashMap<>();
    Map<List<String>, String> before = new LinkedHashMap<>();
    fields.forEach(
        (path, value) -> {
          String key = bookkeepingKey(path);
          String previous =
              annotations.get(key) != null ? annotations.get(key) : current(existing, path);
          patchAnnotations.put(key, previous == null ? "" : previous);
          undoAnnotations.put(key, null);
          put(patch, path, value);
          put(undo, path, previous == null || previous.isEmpty() ? null : previous);
          before.put(path, previous == null || previous.isEmpty() ? null : previous);
        });
    patch.put("metadata", Map.of("annotations", patchAnnotations));
    undo.put("metadata", Map.of("annotations", undoAnnotations));
    GenericKubernetesResource after = Json.copy(existing);
    fields.forEach((path, value) -> put(after.getAdditionalProperties(), path, value));
    Map<String, String> afterAnnotations = new LinkedHashMap<>(annotations);
    patchAnnotations.forEach((k, v) -> afterAnnotations.put(k, (String) v));
    after.getMetadata().setAnnotations(afterAnnotations);
    return new PolicyChange(
        PolicyChange.Kind.PATCH,
        after,
        patch,
        new PolicyChange.Undo(
            existing.getApiVersion(),
            existing.getKind(),
            existing.getMetadata().getNamespace(),
            existing.getMetadata().getName(),
            false,
            undo),
        fields,
        before);
  }

  private static String current(GenericKubernetesResource p, List<String> path) {
    Object v = p.get(path.toArray());
    return v == null ? null : String.valueOf(v);
  }

  /** Puts {@code value} at {@code path} into nested maps, creating the missing ones. */
  @SuppressWarnings("unchecked")
  static void put(Map<String, Object> top, List<String> path, Object value) {
    Map<String, Object> m = top;
    for (String k : path.subList(0, path.size() - 1)) {
      m = (Map<String, Object>) m.computeIfAbsent(k, x -> new LinkedHashMap<String, Object>());
    }
    m.put(path.get(path.size() - 1), value);
  }
}
