package io.wsaudit.agent.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.Clock;
import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.contract.WsAuditSpans.Outcome;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Turns handshake and close decisions into {@code websocket.handshake} and {@code websocket.close} spans
 * (docs/spans.md). Server families call it; it holds the per-connection state between the two spans.
 */
public final class WebSocketTelemetry {

  private final Tracer tracer;
  private final Clock clock;
  private final long earlyThresholdNanos;
  private final List<String> capturedHeaders;
  private final ConnectionRegistry registry;
  private final SpanCounters counters;

  public WebSocketTelemetry(Tracer tracer, Clock clock, Duration earlyThreshold, List<String> extraHeaders,
      int maxOpenConnections, SpanCounters counters) {
    this.tracer = tracer;
    this.clock = clock;
    this.earlyThresholdNanos = earlyThreshold.toNanos();
    this.counters = counters;
    this.registry = new ConnectionRegistry(maxOpenConnections, counters);
    Set<String> headers = new LinkedHashSet<>(WsAuditSpans.CAPTURED_HEADERS);
    for (String header : extraHeaders) {
      headers.add(header.toLowerCase(Locale.ROOT));
    }
    headers.removeAll(WsAuditSpans.NEVER_CAPTURED_HEADERS);
    this.capturedHeaders = List.copyOf(headers);
  }

  /** Epoch nanoseconds on the SDK's clock; families take it when a handshake starts. */
  public long now() {
    return clock.now();
  }

  /** Emits the handshake span; when upgraded, starts tracking the connection for its close span. */
  public void handshake(HandshakeDecision d) {
    String connectionId = newConnectionId();
    long start = d.startEpochNanos() > 0 ? d.startEpochNanos() : clock.now();
    SpanBuilder builder = tracer.spanBuilder(WsAuditSpans.HANDSHAKE_SPAN)
        .setSpanKind(SpanKind.SERVER)
        .setNoParent()
        .setStartTimestamp(start, TimeUnit.NANOSECONDS)
        .setAllAttributes(handshakeAttributes(d, connectionId));
    Span span = builder.startSpan();
    if (!d.upgraded()) {
      span.setStatus(StatusCode.ERROR, "upgrade rejected: " + d.rejection());
    }
    span.end();
    counters.emitted.incrementAndGet();
    if (d.upgraded()) {
      registry.put(d.connectionKey(), new OpenConnection(span.getSpanContext(), connectionId, System.nanoTime(),
          d.protocolVersion(), d.path(), address(d.peer()), serverAddress(d), d.server()));
    }
  }

  public boolean isTracked(String connectionKey) {
    return registry.get(connectionKey) != null;
  }

  /** The server wrote a close frame. */
  public void closeFrameSent(String connectionKey, int code, String reason) {
    OpenConnection c = registry.get(connectionKey);
    if (c != null) {
      c.closeFrame(OpenConnection.SERVER, code, reason, clock.now());
    }
  }

  /** The peer's close frame arrived. */
  public void closeFrameReceived(String connectionKey, int code, String reason) {
    OpenConnection c = registry.get(connectionKey);
    if (c != null) {
      c.closeFrame(OpenConnection.CLIENT, code, reason, clock.now());
    }
  }

  /** Why the server is about to close (idle timeout, shutdown, keep-alive …); said before the close happens. */
  public void serverClosing(String connectionKey, String cause) {
    OpenConnection c = registry.get(connectionKey);
    if (c != null) {
      c.serverCauseHint(cause);
    }
  }

  /** The TCP connection ended (or failed) before any close frame; {@code cause} is eof or io_error. */
  public void transportEnded(String connectionKey, String cause) {
    OpenConnection c = registry.get(connectionKey);
    if (c != null) {
      c.transportCause(cause);
    }
  }

  /** The connection is gone: emits its close span and forgets it. Later calls for the same key do nothing. */
  public void connectionGone(String connectionKey, String fallbackCause) {
    OpenConnection c = registry.remove(connectionKey);
    if (c == null) {
      return;
    }
    CloseDecision decision = c.decide(fallbackCause, System.nanoTime(), earlyThresholdNanos);
    long end = clock.now();
    long start = c.firstCloseEpochNanos() > 0 ? Math.min(c.firstCloseEpochNanos(), end) : end;
    AttributesBuilder attributes = Attributes.builder()
        .put(WsAuditSpans.CONNECTION_ID, c.connectionId)
        .put(AttributeKey.longKey(WsAuditSpans.CLOSE_CODE), decision.code)
        .put(WsAuditSpans.CLOSE_INITIATOR, decision.initiator)
        .put(WsAuditSpans.CLOSE_CAUSE, decision.cause)
        .put(AttributeKey.longKey(WsAuditSpans.CONNECTION_DURATION_MS), decision.durationMillis)
        .put(AttributeKey.booleanKey(WsAuditSpans.CLOSE_EARLY), decision.early);
    putIfPresent(attributes, WsAuditSpans.CLOSE_REASON, decision.reason);
    putIfPresent(attributes, WsAuditSpans.NETWORK_PROTOCOL_VERSION, c.protocolVersion);
    putIfPresent(attributes, WsAuditSpans.URL_PATH, c.path);
    putIfPresent(attributes, WsAuditSpans.NETWORK_PEER_ADDRESS, c.peerAddress);
    putIfPresent(attributes, WsAuditSpans.SERVER_ADDRESS, c.serverAddress);
    putIfPresent(attributes, WsAuditSpans.SERVER, c.server);
    Span span = tracer.spanBuilder(WsAuditSpans.CLOSE_SPAN)
        .setSpanKind(SpanKind.INTERNAL)
        .setParent(Context.root().with(Span.wrap(c.handshake)))
        .setStartTimestamp(start, TimeUnit.NANOSECONDS)
        .setAllAttributes(attributes.build())
        .startSpan();
    if (decision.early || decision.code == WsAuditSpans.ABNORMAL_CLOSE_CODE) {
      span.setStatus(StatusCode.ERROR, decision.early ? "closed early" : "closed abnormally");
    }
    span.end(end, TimeUnit.NANOSECONDS);
    counters.emitted.incrementAndGet();
  }

  private Attributes handshakeAttributes(HandshakeDecision d, String connectionId) {
    AttributesBuilder a = Attributes.builder();
    putIfPresent(a, WsAuditSpans.HTTP_REQUEST_METHOD, d.method());
    putIfPresent(a, WsAuditSpans.URL_PATH, d.path());
    putIfPresent(a, WsAuditSpans.NETWORK_PROTOCOL_VERSION, d.protocolVersion());
    if (d.status() > 0) {
      // 0: the family cannot know the status (an application handler answers after the server's decision).
      a.put(AttributeKey.longKey(WsAuditSpans.HTTP_RESPONSE_STATUS_CODE), d.status());
    }
    if (d.peer() != null) {
      putIfPresent(a, WsAuditSpans.NETWORK_PEER_ADDRESS, address(d.peer()));
      a.put(AttributeKey.longKey(WsAuditSpans.NETWORK_PEER_PORT), d.peer().getPort());
    }
    if (d.local() != null) {
      putIfPresent(a, WsAuditSpans.NETWORK_LOCAL_ADDRESS, address(d.local()));
      a.put(AttributeKey.longKey(WsAuditSpans.NETWORK_LOCAL_PORT), d.local().getPort());
    }
    putIfPresent(a, WsAuditSpans.SERVER_ADDRESS, serverAddress(d));
    putIfPresent(a, WsAuditSpans.CLIENT_ADDRESS, clientAddress(d));
    putIfPresent(a, WsAuditSpans.USER_AGENT_ORIGINAL, d.headers().first("user-agent"));
    for (String header : capturedHeaders) {
      List<String> values = d.headers().values(header);
      if (values != null && !values.isEmpty()) {
        a.put(AttributeKey.stringArrayKey(WsAuditSpans.REQUEST_HEADER_PREFIX + header), new ArrayList<>(values));
      }
    }
    a.put(WsAuditSpans.HANDSHAKE_OUTCOME, d.upgraded() ? Outcome.UPGRADED : Outcome.REJECTED);
    if (!d.upgraded()) {
      putIfPresent(a, WsAuditSpans.HANDSHAKE_REJECTION,
          d.rejection() != null ? d.rejection() : WsAuditSpans.Rejection.OTHER);
    }
    if (d.keepAlive() != null) {
      a.put(AttributeKey.booleanKey(WsAuditSpans.KEEP_ALIVE), d.keepAlive());
    }
    putIfPresent(a, WsAuditSpans.SERVER, d.server());
    a.put(WsAuditSpans.CONNECTION_ID, connectionId);
    return a.build();
  }

  /** {@code Host} without its port (an IPv6 literal keeps its brackets). */
  static String serverAddress(HandshakeDecision d) {
    String host = d.headers().first("host");
    if (host == null || host.isBlank()) {
      return null;
    }
    host = host.trim();
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      return end > 0 ? host.substring(0, end + 1) : host;
    }
    int colon = host.indexOf(':');
    return colon >= 0 ? host.substring(0, colon) : host;
  }

  /** First hop of {@code X-Forwarded-For}, else the TCP peer. */
  static String clientAddress(HandshakeDecision d) {
    String forwarded = d.headers().first("x-forwarded-for");
    if (forwarded != null) {
      String first = forwarded.split(",")[0].trim();
      if (!first.isEmpty()) {
        return first;
      }
    }
    return address(d.peer());
  }

  static String address(InetSocketAddress address) {
    if (address == null) {
      return null;
    }
    return address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
  }

  private static void putIfPresent(AttributesBuilder builder, String key, String value) {
    if (value != null) {
      builder.put(key, value);
    }
  }

  private static String newConnectionId() {
    long id = ThreadLocalRandom.current().nextLong();
    String hex = Long.toHexString(id);
    return "0000000000000000".substring(hex.length()) + hex;
  }
}
