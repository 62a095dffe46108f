package io.wsaudit.operator.proxy.gatewayapi;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.wsaudit.operator.proxy.Setting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the Gateway proxies share when they express their limits as the seam's {@link Setting}s:
 * whole seconds (rounded up, so a limit is never read shorter than it is), "no limit" as a number
 * beyond every policy's reach, and the policies as they were before a change of ours.
 */
public final class GatewaySettings {

  /** "No limit" (a 0 duration) in seconds: about 30 years, longer than any connection lives. */
  public static final long UNLIMITED_SECONDS = 1_000_000_000L;

  private GatewaySettings() {}

  public static long seconds(Duration d) {
    return d.isZero() ? UNLIMITED_SECONDS : d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
  }

  public static Setting setting(Duration d, Setting.Source source) {
    return new Setting(Long.toString(seconds(d)), source, null);
  }

  /**
   * {@code policies} with our own object for {@code route} as it was with these raw field values
   * (null: unset); with every value null, as if ours did not exist (it had not been created, or
   * held none of them).
   */
  public static List<GenericKubernetesResource> withOurs(
      List<GenericKubernetesResource> policies, HTTPRoute route, Map<List<String>, String> raw) {
    List<GenericKubernetesResource> out = new ArrayList<>();
    boolean none = raw.values().stream().allMatch(v -> v == null);
    for (GenericKubernetesResource p : policies) {
      if (!isOursFor(p, route)) {
        out.add(p);
      } else if (!none) {
        GenericKubernetesResource before = Json.copy(p);
        raw.forEach(
            (path, value) -> OwnedPolicies.put(before.getAdditionalProperties(), path, value));
        out.add(before);
      }
    }
    return out;
  }

  private static boolean isOursFor(GenericKubernetesResource p, HTTPRoute route) {
    return OwnedPolicies.isOurs(p)
        && route.getMetadata().getNamespace().equals(p.getMetadata().getNamespace())
        && OwnedPolicies.nameFor(route).equals(p.getMetadata().getName());
  }

  /** {@code <kind> <route namespace>/wsaudit-<route> <field>}: how a status names our field. */
  public static String ourField(String kind, HTTPRoute route, List<String> field) {
    return kind
        + " "
        + route.getMetadata().getNamespace()
        + "/"
        + OwnedPolicies.nameFor(route)
        + " "
        + String.join(".", field);
  }
}
