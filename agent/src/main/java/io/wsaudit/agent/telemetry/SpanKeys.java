package io.wsaudit.agent.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanBuilder;
import io.wsaudit.contract.WsAuditSpans;

/** The contract's attribute keys as SDK keys, built once (the hot path only reads them). */
final class SpanKeys {

  static final AttributeKey<String> METHOD =
      AttributeKey.stringKey(WsAuditSpans.HTTP_REQUEST_METHOD);
  static final AttributeKey<String> PATH = AttributeKey.stringKey(WsAuditSpans.URL_PATH);
  static final AttributeKey<String> PROTOCOL_VERSION =
      AttributeKey.stringKey(WsAuditSpans.NETWORK_PROTOCOL_VERSION);
  static final AttributeKey<Long> STATUS_CODE =
      AttributeKey.longKey(WsAuditSpans.HTTP_RESPONSE_STATUS_CODE);
  static final AttributeKey<String> PEER_ADDRESS =
      AttributeKey.stringKey(WsAuditSpans.NETWORK_PEER_ADDRESS);
  static final AttributeKey<Long> PEER_PORT = AttributeKey.longKey(WsAuditSpans.NETWORK_PEER_PORT);
  static final AttributeKey<String> LOCAL_ADDRESS =
      AttributeKey.stringKey(WsAuditSpans.NETWORK_LOCAL_ADDRESS);
  static final AttributeKey<Long> LOCAL_PORT =
      AttributeKey.longKey(WsAuditSpans.NETWORK_LOCAL_PORT);
  static final AttributeKey<String> SERVER_ADDRESS =
      AttributeKey.stringKey(WsAuditSpans.SERVER_ADDRESS);
  static final AttributeKey<String> CLIENT_ADDRESS =
      AttributeKey.stringKey(WsAuditSpans.CLIENT_ADDRESS);
  static final AttributeKey<String> OUTCOME =
      AttributeKey.stringKey(WsAuditSpans.HANDSHAKE_OUTCOME);
  static final AttributeKey<String> REJECTION =
      AttributeKey.stringKey(WsAuditSpans.HANDSHAKE_REJECTION);
  static final AttributeKey<Boolean> KEEP_ALIVE = AttributeKey.booleanKey(WsAuditSpans.KEEP_ALIVE);
  static final AttributeKey<String> SERVER = AttributeKey.stringKey(WsAuditSpans.SERVER);
  static final AttributeKey<String> CONNECTION_ID =
      AttributeKey.stringKey(WsAuditSpans.CONNECTION_ID);
  static final AttributeKey<Long> CLOSE_CODE = AttributeKey.longKey(WsAuditSpans.CLOSE_CODE);
  static final AttributeKey<String> CLOSE_REASON =
      AttributeKey.stringKey(WsAuditSpans.CLOSE_REASON);
  static final AttributeKey<String> CLOSE_INITIATOR =
      AttributeKey.stringKey(WsAuditSpans.CLOSE_INITIATOR);
  static final AttributeKey<String> CLOSE_CAUSE = AttributeKey.stringKey(WsAuditSpans.CLOSE_CAUSE);
  static final AttributeKey<Long> DURATION_MS =
      AttributeKey.longKey(WsAuditSpans.CONNECTION_DURATION_MS);
  static final AttributeKey<Boolean> CLOSE_EARLY =
      AttributeKey.booleanKey(WsAuditSpans.CLOSE_EARLY);
  static final AttributeKey<Long> IDLE_RECEIVED_MS =
      AttributeKey.longKey(WsAuditSpans.IDLE_RECEIVED_MS);
  static final AttributeKey<Long> IDLE_SENT_MS = AttributeKey.longKey(WsAuditSpans.IDLE_SENT_MS);
  static final AttributeKey<Boolean> PING_SENT = AttributeKey.booleanKey(WsAuditSpans.PING_SENT);

  private SpanKeys() {}

  static <T> void putIfPresent(SpanBuilder builder, AttributeKey<T> key, T value) {
    if (value != null) {
      builder.setAttribute(key, value);
    }
  }
}
