package io.wsaudit.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chart's optional OpenTelemetry Operator {@code Instrumentation}: it renders only when asked,
 * and its spec is valid against the OpenTelemetry Operator's published CRD (v0.158.0, vendored),
 * read strictly: a field the API server would prune is an error here.
 */
class OtelInstrumentationTest {

  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  static final ObjectMapper JSON = new ObjectMapper();
  static final Map<String, Object> ENABLED = Map.of("otelInstrumentation", Map.of("enabled", true));

  @Test
  void offByDefault() {
    assertThat(Chart.render(Map.of())).noneMatch(o -> o.getKind().equals("Instrumentation"));
  }

  @Test
  void enabledItInjectsTheOtelJavaAgentWithWsauditAsItsExtension() throws Exception {
    GenericKubernetesResource i = instrumentation(Chart.render(ENABLED));
    assertThat(i.getApiVersion()).isEqualTo("opentelemetry.io/v1alpha1");
    assertThat(i.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
    JsonNode spec = JSON.valueToTree(i.getAdditionalProperties().get("spec"));
    assertThat(spec.at("/java/extensions/0/image").asText())
        .isEqualTo("ghcr.io/wsaudit/wsaudit-agent:0.1.0");
    // agent/Dockerfile keeps the jar in /wsaudit; the operator's init container copies <dir>/.
    assertThat(spec.at("/java/extensions/0/dir").asText()).isEqualTo("/wsaudit");
    assertThat(spec.at("/exporter/endpoint").asText()).startsWith("http");
    assertThat(spec.at("/sampler/type").asText()).isEqualTo("parentbased_traceidratio");
    assertThat(strictSchema().validate(JSON.writeValueAsString(spec), InputFormat.JSON))
        .map(Error::toString)
        .isEmpty();
  }

  @Test
  void theStrictSchemaCatchesAFieldTheApiServerWouldPrune() throws Exception {
    ObjectNode spec =
        JSON.valueToTree(
            instrumentation(Chart.render(ENABLED)).getAdditionalProperties().get("spec"));
    ((ObjectNode) spec.get("java")).set("extension", spec.get("java").get("extensions"));
    ((ObjectNode) spec.get("java")).remove("extensions");
    assertThat(strictSchema().validate(JSON.writeValueAsString(spec), InputFormat.JSON))
        .map(Error::toString)
        .anyMatch(e -> e.contains("extension"));
  }

  private static GenericKubernetesResource instrumentation(List<HasMetadata> objects) {
    return objects.stream()
        .filter(o -> o.getKind().equals("Instrumentation"))
        .map(GenericKubernetesResource.class::cast)
        .findFirst()
        .orElseThrow();
  }

  /** The v1alpha1 spec schema with unknown fields refused (the API server prunes them silently). */
  private static Schema strictSchema() throws Exception {
    CustomResourceDefinition crd;
    try (InputStream in =
        OtelInstrumentationTest.class.getResourceAsStream(
            "/crds/opentelemetry.io_instrumentations.yaml")) {
      crd = SERIALIZATION.unmarshal(in, CustomResourceDefinition.class);
    }
    JsonNode schema =
        JSON.readTree(
            SERIALIZATION.asJson(
                crd.getSpec().getVersions().stream()
                    .filter(v -> v.getName().equals("v1alpha1"))
                    .findFirst()
                    .orElseThrow()
                    .getSchema()
                    .getOpenAPIV3Schema()));
    JsonNode spec = schema.at("/properties/spec");
    refuseUnknown(spec);
    return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
        .getSchema(JSON.writeValueAsString(spec), InputFormat.JSON);
  }

  private static void refuseUnknown(JsonNode node) {
    if (node instanceof ObjectNode o) {
      if (o.has("properties")
          && !o.has("additionalProperties")
          && !o.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
        o.put("additionalProperties", false);
      }
      o.elements().forEachRemaining(OtelInstrumentationTest::refuseUnknown);
    } else if (node != null && node.isArray()) {
      node.elements().forEachRemaining(OtelInstrumentationTest::refuseUnknown);
    }
  }
}
