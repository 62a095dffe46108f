package io.wsaudit.testkit.otlp;

import static io.wsaudit.testkit.otlp.OtlpAttributes.kv;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.wsaudit.contract.WsAuditSpans;
import java.util.List;

/**
 * The attributes of a {@code websocket.close} span as the agent sets them (docs/spans.md), for
 * tests and benchmarks that send made-up agent spans.
 *
 * @param initiator a {@link WsAuditSpans.Initiator} value
 * @param cause a {@link WsAuditSpans.Cause} value
 */
public record CloseAttributes(
    String connectionId,
    long code,
    String initiator,
    String cause,
    long durationMs,
    boolean early,
    String protocolVersion,
    String path,
    String host) {

  /** In the order the agent writes them. */
  public List<KeyValue> keyValues() {
    return List.of(
        kv(WsAuditSpans.CONNECTION_ID, connectionId),
        kv(WsAuditSpans.CLOSE_CODE, code),
        kv(WsAuditSpans.CLOSE_INITIATOR, initiator),
        kv(WsAuditSpans.CLOSE_CAUSE, cause),
        kv(WsAuditSpans.CONNECTION_DURATION_MS, durationMs),
        kv(WsAuditSpans.CLOSE_EARLY, early),
        kv(WsAuditSpans.NETWORK_PROTOCOL_VERSION, protocolVersion),
        kv(WsAuditSpans.URL_PATH, path),
        kv(WsAuditSpans.SERVER_ADDRESS, host));
  }
}
