package io.wsaudit.operator.proxy.gatewayapi;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A vendored CRD's {@code openAPIV3Schema}, checked with networknt's JSON Schema validator (draft
 * 4, the dialect OpenAPI v3 schemas derive from). Types, patterns, enums, required fields and
 * bounds are checked; Kubernetes' own extensions ({@code x-kubernetes-validations} CEL rules,
 * {@code x-kubernetes-*} markers) are not, so tests assert the CEL rules that matter by hand.
 */
public final class CrdSchema {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final Schema schema;

  private CrdSchema(Schema schema) {
    this.schema = schema;
  }

  /** The schema of {@code version} in the CRD at class-path {@code resource}. */
  public static CrdSchema of(String resource, String version) {
    try (InputStream in =
        Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("not on the class path: " + resource);
      }
      CustomResourceDefinition crd = SERIALIZATION.unmarshal(in, CustomResourceDefinition.class);
      var v =
          crd.getSpec().getVersions().stream()
              .filter(x -> x.getName().equals(version))
              .findFirst()
              .orElseThrow();
      String json = SERIALIZATION.asJson(v.getSchema().getOpenAPIV3Schema());
      return new CrdSchema(
          SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
              .getSchema(json, InputFormat.JSON));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every violation, as the validator words them; empty when {@code object} is valid. */
  public List<String> violations(Object object) {
    List<Error> errors = schema.validate(SERIALIZATION.asJson(object), InputFormat.JSON);
    return errors.stream().map(Error::toString).toList();
  }
}
