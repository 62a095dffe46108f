package io.wsaudit.operator.correlation;

/**
 * The route a connection went through: the owning Ingress (or HTTPRoute) and the host and path it
 * matched.
 *
 * @param namespace namespace of the route
 * @param ingress name of the Ingress or HTTPRoute
 * @param host rule host ("" for a rule without host)
 * @param path rule path ("" for a default backend)
 * @param kind {@code Ingress} or {@code HTTPRoute}
 */
public record Route(String namespace, String ingress, String host, String path, String kind) {

  public static final String INGRESS = "Ingress";
  public static final String HTTP_ROUTE = "HTTPRoute";

  /** A rule of an Ingress. */
  public Route(String namespace, String ingress, String host, String path) {
    this(namespace, ingress, host, path, INGRESS);
  }

  /** A rule of a Gateway API HTTPRoute. */
  public static Route httpRoute(String namespace, String name, String host, String path) {
    return new Route(namespace, name, host, path, HTTP_ROUTE);
  }

  /** The key evidence is kept under ({@link #keyOf}). */
  public String ingressKey() {
    return keyOf(kind, namespace, ingress);
  }

  /**
   * {@code namespace/name} for an Ingress, as always; {@code <Kind>:namespace/name} for other
   * kinds, which a name (no colon) can never produce.
   */
  public static String keyOf(String kind, String namespace, String name) {
    String nsName = namespace + "/" + name;
    return INGRESS.equals(kind) ? nsName : kind + ":" + nsName;
  }

  /** The route a key names, without host and path. */
  public static Route ofKey(String key) {
    int colon = key.indexOf(':');
    String kind = colon < 0 ? INGRESS : key.substring(0, colon);
    String[] nsName = key.substring(colon + 1).split("/", 2);
    return new Route(nsName[0], nsName[1], "", "", kind);
  }
}
