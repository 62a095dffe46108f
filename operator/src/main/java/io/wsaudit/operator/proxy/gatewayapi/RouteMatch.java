package io.wsaudit.operator.proxy.gatewayapi;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPPathMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import java.util.Comparator;

/**
 * How well one HTTPRoute hostname and one {@code matches[]} entry fit a WebSocket handshake, ranked
 * as the HTTPRoute spec orders them (kubernetes-sigs/gateway-api {@code
 * apis/v1/httproute_types.go}, {@code HTTPRouteSpec.Hostnames} and {@code HTTPRouteRule.Matches}):
 * the most characters in a matching non-wildcard hostname, then in a matching hostname; then an
 * Exact path, the longest PathPrefix, a method match, the most header matches, the most
 * query-parameter matches.
 *
 * <p>A span tells us host and path only. A handshake is a GET (RFC 6455 section 4.1), so a method
 * match is decided; header and query-parameter matches and RegularExpression paths (whose semantics
 * are implementation-specific) cannot be, so such a match is {@code unverified} and ranks below
 * every verified one: it is the answer only when nothing verifiable fits.
 */
record RouteMatch(
    int exactHostChars,
    int hostChars,
    boolean verified,
    boolean exactPath,
    int prefixChars,
    boolean method,
    int headers,
    int queryParams,
    String pathType,
    String pathValue) {

  static final String EXACT = "Exact";
  static final String PATH_PREFIX = "PathPrefix";
  static final String REGEX = "RegularExpression";

  /** Best first. */
  static final Comparator<RouteMatch> BEST_FIRST =
      Comparator.comparingInt(RouteMatch::exactHostChars)
          .thenComparingInt(RouteMatch::hostChars)
          .thenComparing(RouteMatch::verified)
          .thenComparing(RouteMatch::exactPath)
          .thenComparingInt(RouteMatch::prefixChars)
          .thenComparing(RouteMatch::method)
          .thenComparingInt(RouteMatch::headers)
          .thenComparingInt(RouteMatch::queryParams)
          .reversed();

  /**
   * The rank of {@code match} (null: the default, PathPrefix "/") for {@code path} under a route
   * hostname already matched with {@link #hostChars}; null when it cannot match.
   */
  static RouteMatch of(HTTPRouteMatch match, String path, int exactHostChars, int hostChars) {
    HTTPPathMatch pm = match == null ? null : match.getPath();
    String type = pm == null || pm.getType() == null ? PATH_PREFIX : pm.getType();
    String value = pm == null || pm.getValue() == null ? "/" : pm.getValue();
    boolean verified = !REGEX.equals(type);
    if (verified && !pathMatches(type, value, path)) {
      return null;
    }
    String method = match == null ? null : match.getMethod();
    if (method != null && !"GET".equals(method)) {
      return null;
    }
    int headers = match == null ? 0 : size(match.getHeaders());
    int query = match == null ? 0 : size(match.getQueryParams());
    verified = verified && headers == 0 && query == 0;
    return new RouteMatch(
        exactHostChars,
        hostChars,
        verified,
        EXACT.equals(type),
        PATH_PREFIX.equals(type) ? value.length() : 0,
        method != null,
        headers,
        query,
        type,
        value);
  }

  /**
   * Exact: equal. PathPrefix: element-wise, a trailing slash ignored, so {@code /foo} matches
   * {@code /foo}, {@code /foo/} and {@code /foo/bar} but not {@code /foobar} ({@code
   * PathMatchPathPrefix}). An unknown request path matches any.
   */
  static boolean pathMatches(String type, String value, String path) {
    if (path == null || path.isEmpty()) {
      return true;
    }
    int q = path.indexOf('?');
    String p = q >= 0 ? path.substring(0, q) : path;
    if (EXACT.equals(type)) {
      return value.equals(p);
    }
    String prefix = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    return prefix.isEmpty() || p.equals(prefix) || p.startsWith(prefix + "/");
  }

  /**
   * Characters of {@code routeHost} when it matches {@code host}: {@code [exact, any]}; a wildcard
   * {@code *.example.com} is a suffix match over one or more labels, never {@code example.com}
   * itself; a route without hostnames matches every host with {@code [0, 0]}. Null: no match. An
   * unknown request host matches every hostname (with {@code [0, 0]}, so no route wins by it).
   */
  static int[] hostChars(String routeHost, String host) {
    if (routeHost == null || routeHost.isEmpty() || host == null || host.isEmpty()) {
      return new int[] {0, 0};
    }
    String h = stripPort(host);
    if (routeHost.startsWith("*.")) {
      String suffix = routeHost.substring(1);
      return h.length() > suffix.length() && h.toLowerCase().endsWith(suffix.toLowerCase())
          ? new int[] {0, routeHost.length()}
          : null;
    }
    return routeHost.equalsIgnoreCase(h)
        ? new int[] {routeHost.length(), routeHost.length()}
        : null;
  }

  /** The spec says a port in the Host header is ignored when matching. */
  private static String stripPort(String host) {
    int colon = host.lastIndexOf(':');
    return colon > 0 && host.indexOf(']') < colon ? host.substring(0, colon) : host;
  }

  private static int size(java.util.List<?> l) {
    return l == null ? 0 : l.size();
  }
}
