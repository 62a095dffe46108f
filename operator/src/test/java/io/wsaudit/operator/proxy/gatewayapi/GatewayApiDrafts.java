package io.wsaudit.operator.proxy.gatewayapi;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderMatchBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatchBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRuleBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReferenceBuilder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Gateway API routes, matches and policies for the operator's tests, in as few words as the
 * scenarios need (GatewayClasses and Gateways: the test kit's {@link
 * io.wsaudit.testkit.kube.GatewayApiObjects}).
 */
public final class GatewayApiDrafts {

  public static final String ENVOY = "gateway.envoyproxy.io/gatewayclass-controller";
  public static final String NGF = "gateway.nginx.org/nginx-gateway-controller";

  private GatewayApiDrafts() {}

  /** A route created at {@code created} (RFC 3339) attached to the Gateways {@code ns/name}. */
  public static HTTPRoute route(
      String ns,
      String name,
      String created,
      List<String> hostnames,
      List<String> gateways,
      HTTPRouteRule... rules) {
    HTTPRouteBuilder b =
        new HTTPRouteBuilder()
            .withNewMetadata()
            .withNamespace(ns)
            .withName(name)
            .withCreationTimestamp(created)
            .endMetadata()
            .withNewSpec()
            .withHostnames(hostnames)
            .withRules(rules)
            .endSpec();
    for (String g : gateways) {
      String[] p = g.split("/");
      b.editSpec()
          .addToParentRefs(new ParentReferenceBuilder().withNamespace(p[0]).withName(p[1]).build())
          .endSpec();
    }
    return b.build();
  }

  public static HTTPRouteRule rule(String service, HTTPRouteMatch... matches) {
    return new HTTPRouteRuleBuilder()
        .withMatches(Arrays.asList(matches))
        .addNewBackendRef()
        .withName(service)
        .withPort(8080)
        .endBackendRef()
        .build();
  }

  public static HTTPRouteMatch prefix(String value) {
    return path("PathPrefix", value);
  }

  public static HTTPRouteMatch exact(String value) {
    return path("Exact", value);
  }

  public static HTTPRouteMatch path(String type, String value) {
    return new HTTPRouteMatchBuilder()
        .withNewPath()
        .withType(type)
        .withValue(value)
        .endPath()
        .build();
  }

  public static HTTPRouteMatch withMethod(HTTPRouteMatch m, String method) {
    return new HTTPRouteMatchBuilder(m).withMethod(method).build();
  }

  public static HTTPRouteMatch withHeader(HTTPRouteMatch m, String name, String value) {
    return new HTTPRouteMatchBuilder(m)
        .addToHeaders(new HTTPHeaderMatchBuilder().withName(name).withValue(value).build())
        .build();
  }

  /** A policy object as the API returns it: apiVersion, kind, namespace, name, creation, spec. */
  public static GenericKubernetesResource policy(
      String apiVersion,
      String kind,
      String ns,
      String name,
      String created,
      Map<String, Object> spec) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(apiVersion)
        .withKind(kind)
        .withNewMetadata()
        .withNamespace(ns)
        .withName(name)
        .withCreationTimestamp(created)
        .endMetadata()
        .addToAdditionalProperties("spec", spec)
        .build();
  }

  /** {@code targetRefs: [{group, kind, name[, sectionName]}]} on a Gateway API object. */
  public static Map<String, Object> targetRef(String kind, String name, String sectionName) {
    return sectionName == null
        ? Map.of("group", "gateway.networking.k8s.io", "kind", kind, "name", name)
        : Map.of(
            "group",
            "gateway.networking.k8s.io",
            "kind",
            kind,
            "name",
            name,
            "sectionName",
            sectionName);
  }
}
