package io.wsaudit.e2e.f5nginx;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An Ingress location's settings as F5 NGINX Ingress Controller resolves them, from
 * nginx/kubernetes-ingress v5.5.4 ({@code f92a24e4fd2b52c72739c4a1f4f9bb6424bf5731}), {@code
 * internal/configs/}: the {@code nginx.org/} annotation when it parses, else the ConfigMap key as
 * written (ConfigMap timeouts are not checked, {@code configmaps.go} L82–92), else the built-in
 * default ({@code config_params.go} L263–265: {@code 60s} each).
 */
final class F5Settings {

  static final String PREFIX = "nginx.org/";
  static final String DEFAULT_TIMEOUT = "60s";

  /**
   * {@code parsing_helpers.go} L207–208 ({@code timeRegexp}, after nginx.org/en/docs/syntax.html),
   * the same pattern: Java's lazy {@code ??} and submatches behave as Go's leftmost-first here.
   */
  private static final Pattern TIME =
      Pattern.compile(
          "^(\\d+y)??\\s*(\\d+M)??\\s*(\\d+w)??\\s*(\\d+d)??\\s*(\\d+h)??\\s*(\\d+m)??\\s*(\\d+s?)??\\s*(\\d+ms)??$");

  private static final Pattern INT = Pattern.compile("^-?[0-9]+$");

  private F5Settings() {}

  /**
   * {@code ParseTime} ({@code parsing_helpers.go} L210): the units joined without spaces, a bare
   * number of seconds given its {@code s} ({@code "3"} → {@code "3s"}); empty when invalid.
   */
  static Optional<String> parseTime(String s) {
    if (s == null || s.isBlank()) {
      return Optional.empty();
    }
    Matcher m = TIME.matcher(s);
    if (!m.matches()) {
      return Optional.empty();
    }
    StringBuilder out = new StringBuilder();
    for (int g = 1; g <= 8; g++) {
      String unit = m.group(g) == null ? "" : m.group(g);
      if (g == 7 && !unit.isEmpty() && !unit.endsWith("s")) {
        unit = unit + "s";
      }
      out.append(unit);
    }
    return Optional.of(out.toString());
  }

  /**
   * {@code annotations.go} L277–300: {@code nginx.org/proxy-<kind>-timeout} through {@code
   * ParseTime}; an invalid one is logged and the ConfigMap's (or the default) stays.
   */
  static String timeout(Ingress ing, String key, Map<String, String> cm) {
    return parseTime(annotation(ing, key)).orElseGet(() -> cm.getOrDefault(key, DEFAULT_TIMEOUT));
  }

  /**
   * {@code getWebsocketServices} ({@code annotations.go} L697–703) with {@code ParseServiceList}
   * ({@code parsing_helpers.go} L341): split at commas, <b>not trimmed</b>, so {@code "a, b"} lists
   * {@code "a"} and {@code " b"}.
   */
  static Set<String> websocketServices(Ingress ing) {
    String v = annotation(ing, "websocket-services");
    return v == null ? Set.of() : Arrays.stream(v.split(",", -1)).collect(Collectors.toSet());
  }

  /**
   * ConfigMap {@code keepalive} ({@code configmaps.go} L481): an integer, default 0 (none); a value
   * that is not one is an error event and leaves the default.
   */
  static int keepalive(Map<String, String> cm) {
    String v = cm.get("keepalive");
    return v != null && INT.matcher(v.trim()).matches() ? Integer.parseInt(v.trim()) : 0;
  }

  /** {@code nginx.org/location-snippets} ({@code annotations.go} L265): one line each. */
  static List<String> locationSnippets(Ingress ing) {
    String v = annotation(ing, "location-snippets");
    return v == null ? List.of() : List.of(v.split("\n"));
  }

  static String annotation(Ingress ing, String key) {
    Map<String, String> a = ing.getMetadata().getAnnotations();
    return a == null ? null : a.get(PREFIX + key);
  }
}
