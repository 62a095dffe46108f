package io.wsaudit.testkit.otlp;

import java.time.Instant;
import java.util.Map;

/**
 * A log record as {@link OtlpCollector} received it: its body (the raw line), its resource and
 * record attributes as plain Java values, and the request's {@code Authorization} header.
 */
public record ReceivedLog(
    Instant received,
    Map<String, Object> resource,
    Map<String, Object> attributes,
    String body,
    String authorization) {

  /** The resource attribute as text, null if absent. */
  public String resourceText(String key) {
    Object v = resource.get(key);
    return v == null ? null : v.toString();
  }

  /** The record attribute as text, null if absent. */
  public String text(String key) {
    Object v = attributes.get(key);
    return v == null ? null : v.toString();
  }
}
