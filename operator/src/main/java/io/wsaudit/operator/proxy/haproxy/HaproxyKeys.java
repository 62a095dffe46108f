package io.wsaudit.operator.proxy.haproxy;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The names the HAProxy Kubernetes Ingress controller (haproxytech/kubernetes-ingress) reads: its
 * IngressClass controller name, annotation prefixes and the keys that bear on an idle WebSocket.
 */
public final class HaproxyKeys {

  /** {@code IngressClass.spec.controller} of this controller ({@code pkg/store/store.go}). */
  public static final String CONTROLLER = "haproxy.org/ingress-controller";

  /**
   * Annotation prefixes, all equivalent ({@code pkg/annotations/validators/validations.go}, {@code
   * documentation/annotations.md}); the controller strips whichever it finds ({@code
   * pkg/store/convert.go} {@code cleanAnnotation}). Patches are written with the first.
   */
  public static final List<String> PREFIXES =
      List.of("haproxy.org/", "ingress.kubernetes.io/", "haproxy.com/");

  public static final String TIMEOUT_SERVER = "timeout-server";
  public static final String TIMEOUT_CLIENT = "timeout-client";
  public static final String TIMEOUT_TUNNEL = "timeout-tunnel";
  public static final String TIMEOUT_HTTP_KEEP_ALIVE = "timeout-http-keep-alive";
  public static final String HARD_STOP_AFTER = "hard-stop-after";

  /**
   * Keys read only from the controller ConfigMap ("Available on: configmap" in {@code
   * documentation/annotations.md}); of these, only {@code timeout-server} is also read per Ingress
   * and Service ({@code pkg/annotations/annotations.go} {@code Backend}).
   */
  public static final Set<String> CONFIGMAP_ONLY =
      Set.of(TIMEOUT_CLIENT, TIMEOUT_TUNNEL, TIMEOUT_HTTP_KEEP_ALIVE, HARD_STOP_AFTER);

  private HaproxyKeys() {}

  /** The annotation this operator writes for {@code key}. */
  public static String annotation(String key) {
    return PREFIXES.get(0) + key;
  }

  /**
   * The full name under which {@code key} is present (any prefix, or bare as ConfigMap data is), or
   * null. With several prefixes present the controller's choice depends on map order; this takes
   * them in {@link #PREFIXES} order.
   */
  public static String presentName(Map<String, String> values, String key) {
    if (values == null) {
      return null;
    }
    for (String prefix : PREFIXES) {
      if (values.containsKey(prefix + key)) {
        return prefix + key;
      }
    }
    return values.containsKey(key) ? key : null;
  }
}
