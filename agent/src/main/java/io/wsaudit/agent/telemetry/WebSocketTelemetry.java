package io.wsaudit.agent.telemetry;

import static io.wsaudit.agent.telemetry.SpanKeys.*;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.Clock;
import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.contract.WsAuditSpans.Outcome;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Turns handshake and close decisions into {@code websocket.handshake} and {@code websocket.close}
 * spans (docs/spans.md), and into the {@link WebSocketMetrics} (docs/metrics.md). Server families
 * call it; it holds the per-connection state between the two spans.
 *
 * <p>It runs on the server's request and I/O threads for every connection, so it keeps that work
 * small: attribute keys are constants, attributes go straight onto the span builder, addresses are
 * formatted once ({@link SharedStrings}), and an open connection is one compact record ({@link
 * OpenConnection}).
 */
public final class WebSocketTelemetry {

  private final Tracer tracer;
  private final Clock clock;
  private final long earlyThresholdNanos;
  private final HeaderCapture headerCapture;
  private final ConnectionRegistry registry;
  private final SpanCounters counters;
  private final int maxOpenConnections;
  private final WebSocketMetrics metrics;
  private final SharedStrings strings = new SharedStrings();
  private volatile boolean stopping;

  public WebSocketTelemetry(
      Tracer tracer,
      Clock clock,
      Duration earlyThreshold,
      List<String> extraHeaders,
      int maxOpenConnections,
      SpanCounters counters,
      int maxHeaderValueLength,
      WebSocketMetrics metrics) {
    this.tracer = tracer;
    this.metrics = metrics;
    this.clock = clock;
    this.earlyThresholdNanos = earlyThreshold.toNanos();
    this.counters = counters;
    this.maxOpenConnections = maxOpenConnections;
    this.registry = new ConnectionRegistry(maxOpenConnections, counters);
    this.headerCapture = new HeaderCapture(extraHeaders, maxHeaderValueLength);
  }

  /** Epoch nanoseconds on the SDK's clock; families take it when a handshake starts. */
  public long now() {
    return clock.now();
  }

  /**
   * After a 101: ends the HTTP server span of the upgrade request, which the OpenTelemetry Java
   * agent's Netty instrumentation never ends for a 101 (opentelemetry-java-instrumentation #20217;
   * still so in 2.31.0, OtelExtensionIT). Only in extension mode is there such a span: in
   * standalone mode our context is private and nothing is current.
   */
  public void endUpgradeRequestSpan(HandshakeDecision d) {
    Span span = Span.fromContext(d.requestContext());
    if (span.isRecording()) {
      span.setAttribute(STATUS_CODE, 101L);
      span.end();
    }
  }

  /** Emits the handshake span; when upgraded, starts tracking the connection for its close span. */
  public void handshake(HandshakeDecision d) {
    // The 101 as the connection's clock sees it; its id is derived from it and the key.
    long openedNanoTime = System.nanoTime();
    long connectionId = OpenConnection.connectionId(d.connectionKey(), openedNanoTime);
    long start = d.startEpochNanos() > 0 ? d.startEpochNanos() : clock.now();
    String path = strings.share(d.path());
    String protocolVersion = strings.share(d.protocolVersion());
    String peerAddress = address(d.peer());
    String serverAddress = strings.share(HandshakeAddresses.serverAddress(d));
    SpanBuilder builder =
        tracer
            .spanBuilder(WsAuditSpans.HANDSHAKE_SPAN)
            .setSpanKind(SpanKind.SERVER)
            .setStartTimestamp(start, TimeUnit.NANOSECONDS);
    Context parent = IncomingTraceContext.parent(d.requestContext(), d.headers());
    if (parent != null) {
      builder.setParent(parent);
    } else {
      builder.setNoParent();
    }
    putIfPresent(builder, METHOD, d.method());
    putIfPresent(builder, PATH, path);
    putIfPresent(builder, PROTOCOL_VERSION, protocolVersion);
    if (d.status() > 0) {
      // 0: the family cannot know the status (an application handler answers after the server's
      // decision).
      builder.setAttribute(STATUS_CODE, (long) d.status());
    }
    if (d.peer() != null) {
      putIfPresent(builder, PEER_ADDRESS, peerAddress);
      builder.setAttribute(PEER_PORT, (long) d.peer().getPort());
    }
    if (d.local() != null) {
      putIfPresent(builder, LOCAL_ADDRESS, address(d.local()));
      builder.setAttribute(LOCAL_PORT, (long) d.local().getPort());
    }
    putIfPresent(builder, SERVER_ADDRESS, serverAddress);
    putIfPresent(builder, CLIENT_ADDRESS, HandshakeAddresses.clientAddress(d, peerAddress));
    headerCapture.capture(d.headers(), builder);
    builder.setAttribute(OUTCOME, d.upgraded() ? Outcome.UPGRADED : Outcome.REJECTED);
    if (!d.upgraded()) {
      builder.setAttribute(
          REJECTION, d.rejection() != null ? d.rejection() : WsAuditSpans.Rejection.OTHER);
    }
    if (d.keepAlive() != null) {
      builder.setAttribute(KEEP_ALIVE, d.keepAlive());
    }
    putIfPresent(builder, SERVER, d.server());
    builder.setAttribute(CONNECTION_ID, SpanId.fromLong(connectionId));
    Span span = builder.startSpan();
    if (!d.upgraded()) {
      span.setStatus(StatusCode.ERROR, "upgrade rejected: " + d.rejection());
    }
    span.end();
    counters.emitted.incrementAndGet();
    String server = strings.share(d.server());
    metrics.handshake(server, d.upgraded(), d.rejection(), protocolVersion);
    if (d.upgraded()) {
      SpanContext context = span.getSpanContext();
      String traceId = context.getTraceId();
      OpenConnection dropped =
          registry.put(
              new OpenConnection(
                  d.connectionKey(),
                  Hex.toLong(traceId, 0),
                  Hex.toLong(traceId, 16),
                  Hex.toLong(context.getSpanId(), 0),
                  context.getTraceFlags().asByte(),
                  context.getTraceState(),
                  openedNanoTime,
                  path,
                  peerAddress,
                  strings.serverSide(protocolVersion, serverAddress, server)));
      metrics.opened(server);
      if (dropped != null) {
        metrics.forgotten(dropped.side.server);
      }
      if (stopping) {
        serverClosing(d.connectionKey(), WsAuditSpans.Cause.SHUTDOWN);
      }
    }
  }

  /**
   * The JVM is stopping: whatever the server does to its connections from now on is its shutdown
   * (the hint yields to a peer's close frame, which still says {@code client}).
   */
  public void jvmStopping() {
    stopping = true;
    for (OpenConnection c : registry.snapshot()) {
      c.serverCauseHint(WsAuditSpans.Cause.SHUTDOWN);
    }
  }

  /** Waits, at most {@code timeout}, until no connection is open; true when none is. */
  public boolean awaitNoneOpen(Duration timeout) throws InterruptedException {
    return registry.awaitEmpty(timeout);
  }

  /** Emits close spans (cause shutdown) for the connections still open; returns how many. */
  public int closeAllOpen() {
    List<OpenConnection> open = registry.snapshot();
    for (OpenConnection c : open) {
      c.serverCauseHint(WsAuditSpans.Cause.SHUTDOWN);
      connectionGone(c.key, WsAuditSpans.Cause.SHUTDOWN);
    }
    return open.size();
  }

  public boolean isTracked(long connectionKey) {
    return registry.get(connectionKey) != null;
  }

  /**
   * The tracked connection's frame activity, which a family keeps beside its own connection object
   * so that per-frame hooks need no registry lookup; null when the connection is not tracked.
   */
  public FrameActivity frameActivity(long connectionKey) {
    return registry.get(connectionKey);
  }

  /** A new map for a family's per-frame lookups, bounded like the registry. */
  public FrameActivities newFrameActivities() {
    return new FrameActivities(maxOpenConnections);
  }

  /** The server wrote a close frame. */
  public void closeFrameSent(long connectionKey, int code, String reason) {
    OpenConnection c = registry.get(connectionKey);
    if (c != null) {
      c.closeFrame(OpenConnection.SERVER, code, reason, clock.now());
    }
  }

  /** The peer's close frame arrived. */
  public void closeFrameReceived(long connectionKey, int code, String reason) {
    OpenConnection c = registry.get(connectionKey);
    if (c != null) {
      c.closeFrame(OpenConnection.CLIENT, code, reason, clock.now());
    }
  }

  /**
   * Why the server is about to close (idle timeout, shutdown, keep-alive …); said before the close
   * happens.
   */
  public void serverClosing(long connectionKey, String cause) {
    OpenConnection c = registry.get(connectionKey);
    if (c != null) {
      c.serverCauseHint(cause);
    }
  }

  /**
   * The TCP connection ended (or failed) before any close frame; {@code cause} is eof or io_error.
   */
  public void transportEnded(long connectionKey, String cause) {
    OpenConnection c = registry.get(connectionKey);
    if (c != null) {
      c.transportCause(cause);
    }
  }

  /**
   * The connection is gone: emits its close span and forgets it. Later calls for the same key do
   * nothing.
   *
   * <p>The registry forgets the connection only once its span is ended: the shutdown hook waits for
   * an empty registry before it flushes the SDK, and a span ended after that flush would be lost.
   */
  public void connectionGone(long connectionKey, String fallbackCause) {
    OpenConnection c = registry.get(connectionKey);
    if (c == null || !c.markGone()) {
      return;
    }
    try {
      long goneNanoTime = System.nanoTime();
      CloseDecision decision = c.decide(fallbackCause, goneNanoTime, earlyThresholdNanos);
      CloseSpan.emit(tracer, c, decision, c.closeDecidedNanoTime(goneNanoTime), clock.now());
      counters.emitted.incrementAndGet();
      metrics.closed(c.side.server, decision);
    } finally {
      registry.remove(c);
    }
  }

  /** The numeric address (never a DNS lookup), formatted once per distinct address. */
  private String address(InetSocketAddress address) {
    if (address == null) {
      return null;
    }
    return address.getAddress() != null
        ? strings.address(address.getAddress())
        : strings.share(address.getHostString());
  }
}
