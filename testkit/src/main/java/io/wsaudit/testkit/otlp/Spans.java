package io.wsaudit.testkit.otlp;

import io.wsaudit.contract.WsAuditSpans;
import java.util.List;
import java.util.function.Predicate;

/** Filters for the agent's spans, as the tests of every module pick them out. */
public final class Spans {

  private Spans() {}

  public static Predicate<ReceivedSpan> handshake(String path) {
    return s ->
        s.name().equals(WsAuditSpans.HANDSHAKE_SPAN) && path.equals(s.attr(WsAuditSpans.URL_PATH));
  }

  public static Predicate<ReceivedSpan> close(String path) {
    return s ->
        s.name().equals(WsAuditSpans.CLOSE_SPAN) && path.equals(s.attr(WsAuditSpans.URL_PATH));
  }

  /** The handshake of the request that carried {@code X-Request-ID: requestId}. */
  public static Predicate<ReceivedSpan> handshakeWithRequestId(String requestId) {
    return s ->
        s.name().equals(WsAuditSpans.HANDSHAKE_SPAN)
            && List.of(requestId)
                .equals(s.attr(WsAuditSpans.REQUEST_HEADER_PREFIX + "x-request-id"));
  }

  /** The close span of the connection the handshake span opened. */
  public static Predicate<ReceivedSpan> closeOf(ReceivedSpan handshake) {
    Object id = handshake.attr(WsAuditSpans.CONNECTION_ID);
    return s ->
        s.name().equals(WsAuditSpans.CLOSE_SPAN) && id.equals(s.attr(WsAuditSpans.CONNECTION_ID));
  }

  /** The handshake that arrived from a given client port. */
  public static Predicate<ReceivedSpan> handshakeFromPort(int port) {
    return s ->
        s.name().equals(WsAuditSpans.HANDSHAKE_SPAN)
            && Long.valueOf(port).equals(s.attr(WsAuditSpans.NETWORK_PEER_PORT));
  }
}
