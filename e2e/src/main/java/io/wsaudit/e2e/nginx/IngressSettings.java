package io.wsaudit.e2e.nginx;

import static io.wsaudit.e2e.nginx.IngressNginxModel.DEFAULT_HTTP_VERSION;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A location's proxy settings as ingress-nginx resolves them ({@code
 * internal/ingress/annotations/proxy/main.go}): the Ingress annotation if valid, else the ConfigMap
 * key, else the built-in default.
 */
final class IngressSettings {

  private static final Set<String> HTTP_VERSIONS = Set.of("1.0", "1.1");
  private static final Pattern CONNECTION_HEADER = Pattern.compile("^(close|keep-alive)$");
  private static final Pattern INT = Pattern.compile("^[0-9]+$");

  private final String annotationPrefix;

  IngressSettings(String annotationPrefix) {
    this.annotationPrefix = annotationPrefix;
  }

  String httpVersion(Ingress ing, Map<String, String> cm) {
    return Optional.ofNullable(annotation(ing, "proxy-http-version"))
        .map(String::trim)
        .filter(HTTP_VERSIONS::contains)
        .orElse(cm.getOrDefault("proxy-http-version", DEFAULT_HTTP_VERSION));
  }

  /** nginx.tmpl L1296-1300: connection-proxy-header replaces $connection_upgrade when set. */
  String connectionHeader(Ingress ing) {
    return Optional.ofNullable(annotation(ing, "connection-proxy-header"))
        .map(String::trim)
        .filter(v -> CONNECTION_HEADER.matcher(v).matches())
        .orElse("$connection_upgrade");
  }

  int timeout(Ingress ing, String key, Map<String, String> cm, int builtIn) {
    String a = annotation(ing, key);
    if (a != null && INT.matcher(a.trim()).matches()) {
      return Integer.parseInt(a.trim());
    }
    return intOr(cm.get(key), builtIn);
  }

  static int intOr(String value, int fallback) {
    return value != null && INT.matcher(value.trim()).matches()
        ? Integer.parseInt(value.trim())
        : fallback;
  }

  String annotation(Ingress ing, String key) {
    Map<String, String> a = ing.getMetadata().getAnnotations();
    return a == null ? null : a.get(annotationPrefix + "/" + key);
  }
}
