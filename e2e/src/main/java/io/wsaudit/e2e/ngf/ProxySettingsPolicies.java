package io.wsaudit.e2e.ngf;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * NGINX Gateway Fabric's ProxySettingsPolicies (nginx/nginx-gateway-fabric v2.6.7, {@code
 * 5e34a17a8f7787e90f41d1af91258a556f0795b4}) as the model reads them: which ones a Gateway or an
 * HTTPRoute gets, and the include file NGF renders for each.
 */
final class ProxySettingsPolicies {

  static final String GROUP = "gateway.nginx.org";
  static final String VERSION = "v1alpha1";
  static final String KIND = "ProxySettingsPolicy";
  static final String PLURAL = "proxysettingspolicies";

  /**
   * The fields two policies on one target may not both set ({@code Conflicts} in {@code
   * internal/controller/nginx/config/policies/proxysettings/validator.go}).
   */
  private static final List<List<String>> FIELDS =
      List.of(
          List.of("buffering", "disable"),
          List.of("buffering", "bufferSize"),
          List.of("buffering", "buffers"),
          List.of("buffering", "busyBuffersSize"),
          List.of("timeout", "connect"),
          List.of("timeout", "read"),
          List.of("timeout", "send"));

  private static final Comparator<GenericKubernetesResource> OLDEST_FIRST =
      Comparator.comparing(
              (GenericKubernetesResource p) ->
                  Objects.toString(p.getMetadata().getCreationTimestamp(), ""))
          .thenComparing(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName());

  private ProxySettingsPolicies() {}

  /** One include file NGF writes for a policy: its name and its directives. */
  record Include(String file, List<String> directives) {}

  static Include include(GenericKubernetesResource p) {
    return new Include(fileName(p), directives(p));
  }

  /** The value the last of these includes gives a timer ({@code read}, {@code send}), or null. */
  static String timer(List<Include> includes, String timer) {
    String prefix = "proxy_" + timer + "_timeout ";
    return includes.stream()
        .flatMap(i -> i.directives().stream())
        .filter(d -> d.startsWith(prefix))
        .map(d -> d.substring(prefix.length(), d.length() - 1))
        .reduce((first, second) -> second)
        .orElse(null);
  }

  /**
   * The policies NGF applies to {@code target}: those in its namespace whose {@code targetRefs}
   * name it (group {@code gateway.networking.k8s.io}), oldest first, minus each that sets a field
   * an older accepted one sets ({@code markConflictedPolicies}, {@code
   * internal/controller/state/graph/policies.go} L706: the younger is marked Conflicted and not
   * rendered at all).
   */
  static List<GenericKubernetesResource> on(
      List<GenericKubernetesResource> all, HasMetadata target) {
    List<GenericKubernetesResource> accepted = new ArrayList<>();
    all.stream()
        .filter(p -> targets(p, target))
        .sorted(OLDEST_FIRST)
        .forEach(
            p -> {
              if (accepted.stream().noneMatch(older -> conflict(older, p))) {
                accepted.add(p);
              }
            });
    return accepted;
  }

  private static boolean targets(GenericKubernetesResource p, HasMetadata target) {
    if (!Objects.equals(p.getMetadata().getNamespace(), target.getMetadata().getNamespace())) {
      return false;
    }
    Object refs = p.get("spec", "targetRefs");
    if (!(refs instanceof List<?> list)) {
      return false;
    }
    return list.stream()
        .filter(Map.class::isInstance)
        .map(r -> (Map<?, ?>) r)
        .anyMatch(
            r ->
                "gateway.networking.k8s.io".equals(r.get("group"))
                    && target.getKind().equals(r.get("kind"))
                    && target.getMetadata().getName().equals(r.get("name")));
  }

  private static boolean conflict(GenericKubernetesResource a, GenericKubernetesResource b) {
    return FIELDS.stream().anyMatch(f -> field(a, f) != null && field(b, f) != null);
  }

  private static Object field(GenericKubernetesResource p, List<String> path) {
    return p.get("spec", path.get(0), path.get(1));
  }

  /** {@code ProxySettingsPolicy_<namespace>_<name>.conf} ({@code generator.go} L128). */
  static String fileName(GenericKubernetesResource p) {
    return KIND + "_" + p.getMetadata().getNamespace() + "_" + p.getMetadata().getName() + ".conf";
  }

  /**
   * The include's directives ({@code proxySettingsTemplate}, {@code
   * internal/controller/nginx/config/policies/proxysettings/generator.go} L15–37): the timeouts as
   * written in the policy (NGF's Duration is an nginx time already).
   */
  static List<String> directives(GenericKubernetesResource p) {
    List<String> out = new ArrayList<>();
    Object disable = field(p, List.of("buffering", "disable"));
    if (disable instanceof Boolean off) {
      out.add("proxy_buffering " + (off ? "off" : "on") + ";");
    }
    for (String t : List.of("connect", "read", "send")) {
      Object v = field(p, List.of("timeout", t));
      if (v != null) {
        out.add("proxy_" + t + "_timeout " + v + ";");
      }
    }
    return out;
  }
}
