package io.wsaudit.helm;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One Kubernetes API request as the RBAC authorizer sees it: verb, API group, resource (and
 * subresource), namespace and, where the authorizer uses one, the object name (for list/watch: a
 * {@code metadata.name} field selector).
 */
public record ApiRequest(
    String verb, String group, String resource, String subresource, String namespace, String name) {

  public String resourceWithSubresource() {
    return subresource == null ? resource : resource + "/" + subresource;
  }

  /**
   * Decodes an HTTP method and request path ({@code /api/v1/...} or {@code
   * /apis/group/version/...}).
   */
  public static ApiRequest parse(String method, String pathAndQuery) {
    URI uri = URI.create(pathAndQuery);
    List<String> parts =
        Arrays.stream(uri.getRawPath().split("/")).filter(s -> !s.isEmpty()).toList();
    String group;
    int i;
    if (parts.get(0).equals("api")) {
      group = "";
      i = 2;
    } else if (parts.get(0).equals("apis")) {
      group = parts.get(1);
      i = 3;
    } else {
      throw new IllegalArgumentException("not a resource request: " + pathAndQuery);
    }
    String namespace = null;
    if (parts.size() > i + 1 && parts.get(i).equals("namespaces")) {
      namespace = parts.get(i + 1);
      i += 2;
    }
    String resource = parts.get(i);
    String name = parts.size() > i + 1 ? parts.get(i + 1) : null;
    String sub = parts.size() > i + 2 ? parts.get(i + 2) : null;
    String query =
        uri.getRawQuery() == null
            ? ""
            : URLDecoder.decode(uri.getRawQuery(), StandardCharsets.UTF_8);
    boolean watch = Arrays.asList(query.split("&")).contains("watch=true");
    String verb =
        switch (method) {
          case "GET" -> name != null ? "get" : watch ? "watch" : "list";
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> name != null ? "delete" : "deletecollection";
          default -> throw new IllegalArgumentException(method);
        };
    if (name == null) {
      for (String p : query.split("&")) {
        if (p.startsWith("fieldSelector=metadata.name=")) {
          name = p.substring("fieldSelector=metadata.name=".length());
        }
      }
    }
    return new ApiRequest(verb, group, resource, sub, namespace, name);
  }

  @Override
  public String toString() {
    return verb
        + " "
        + (group.isEmpty() ? "core" : group)
        + "/"
        + resourceWithSubresource()
        + (namespace == null ? "" : " in " + namespace)
        + (name == null ? "" : " name=" + name);
  }
}
