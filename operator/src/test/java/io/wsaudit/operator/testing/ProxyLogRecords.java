package io.wsaudit.operator.testing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.logs.TestLogRecordData;
import java.time.Instant;

/**
 * Log records as the OpenTelemetry Collector's filelog receiver (container parser) and
 * k8sattributes processor make them from an ingress-nginx controller pod's output: the raw line as
 * the body, the pod as resource attributes, the stream and file as record attributes
 * (opentelemetry-collector-contrib {@code pkg/stanza/docs/operators/container.md}).
 */
public final class ProxyLogRecords {

  private final Resource resource;
  private final String podNamespace;
  private final String pod;

  private ProxyLogRecords(String namespace, String pod) {
    this.podNamespace = namespace;
    this.pod = pod;
    this.resource =
        Resource.create(
            Attributes.of(
                AttributeKey.stringKey("k8s.namespace.name"), namespace,
                AttributeKey.stringKey("k8s.pod.name"), pod,
                AttributeKey.stringKey("k8s.container.name"), "controller"));
  }

  public static ProxyLogRecords fromPod(String namespace, String pod) {
    return new ProxyLogRecords(namespace, pod);
  }

  /** An access-log line (stdout), dated {@code time}. */
  public LogRecordData accessLine(String line, Instant time) {
    return builder("stdout").setBody(line).setTimestamp(time).setObservedTimestamp(time).build();
  }

  /** An error-log line (stderr) that only has an observed time, as the filelog receiver sets. */
  public LogRecordData errorLineObservedAt(String line, Instant observed) {
    return builder("stderr").setBody(line).setObservedTimestamp(observed).build();
  }

  /** A record whose body is not a string (what a JSON-parsing pipeline would send). */
  public LogRecordData nonStringBody(Instant time) {
    return builder("stdout").setBodyValue(Value.of(42L)).setTimestamp(time).build();
  }

  private TestLogRecordData.Builder builder(String stream) {
    return TestLogRecordData.builder()
        .setResource(resource)
        .setInstrumentationScopeInfo(InstrumentationScopeInfo.empty())
        .setAttributes(
            Attributes.of(
                AttributeKey.stringKey("log.iostream"),
                stream,
                AttributeKey.stringKey("log.file.path"),
                "/var/log/pods/" + podNamespace + "_" + pod + "_0b1c/controller/0.log"));
  }
}
