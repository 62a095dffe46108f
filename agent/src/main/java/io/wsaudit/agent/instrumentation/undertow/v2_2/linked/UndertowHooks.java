package io.wsaudit.agent.instrumentation.undertow.v2_2.linked;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.wsaudit.agent.instrumentation.FamilyHooks;
import io.wsaudit.agent.instrumentation.HookContext;
import io.wsaudit.agent.instrumentation.undertow.v2_2.UndertowHookIds;
import io.wsaudit.agent.telemetry.ConnectionKey;
import io.wsaudit.agent.telemetry.FrameActivities;
import io.wsaudit.agent.telemetry.FrameActivity;
import io.wsaudit.agent.telemetry.HandshakeCheck;
import io.wsaudit.agent.telemetry.HandshakeDecision;
import io.wsaudit.agent.telemetry.RequestHeaders;
import io.wsaudit.contract.WsAuditSpans.Cause;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads Undertow's objects at the hook points {@code UndertowModule} instruments and reports to
 * telemetry.
 */
public final class UndertowHooks extends FamilyHooks {

  /**
   * Marks an exchange that reached a WebSocket handshake handler; holds the epoch-nanosecond start.
   */
  private static final AttachmentKey<Long> HANDSHAKE_START = AttachmentKey.create(Long.class);

  /**
   * The checks Undertow makes, in its order: the handler (GET), {@code
   * Hybi07/08/13Handshake#matches} (version 7, 8 or 13, and a key), then {@code
   * HttpServerExchange#upgradeChannel} (an Upgrade header).
   */
  private static final HandshakeCheck[] CHECKS = {
    HandshakeCheck.METHOD_GET,
    HandshakeCheck.VERSION_HYBI,
    HandshakeCheck.KEY_PRESENT,
    HandshakeCheck.UPGRADE_WEBSOCKET,
    HandshakeCheck.ORIGIN_ALLOWED
  };

  private final String server;

  /**
   * Tracked channels' records, for the per-frame hooks: in a field of the channel where the agent
   * added one, else in a map (Undertow's attributes lock).
   */
  private final FrameActivities frames;

  /**
   * The one close task of every tracked channel: it finds the channel's record from the channel.
   */
  private final ChannelGone gone;

  public UndertowHooks(HookContext context) {
    super(context);
    this.server = "undertow-" + UndertowVersion.majorMinor();
    this.frames = telemetry.newFrameActivities();
    this.gone = new ChannelGone(telemetry, frames);
  }

  @Override
  public Object on(int hook, Object self, Object a0, Object a1, Object a2) {
    switch (hook) {
      case UndertowHookIds.HANDSHAKE_START:
        handshakeStart((HttpServerExchange) self);
        break;
      case UndertowHookIds.SERVLET_HANDSHAKE_START:
        handshakeStart(ServletExchanges.current());
        break;
      case UndertowHookIds.EXCHANGE_COMPLETE:
        exchangeComplete((HttpServerExchange) a0);
        break;
      case UndertowHookIds.FRAME_RECEIVED:
        frames.received(self);
        break;
      case UndertowHookIds.FRAME_SENT:
        frames.sent(self);
        break;
      case UndertowHookIds.PING_SENT:
        frames.pingSent(self);
        break;
      case UndertowHookIds.CHANNEL_OPEN:
        channelOpen((WebSocketChannel) self);
        break;
      case UndertowHookIds.SEND_CLOSE:
        serverCloseFrame(
            (WebSocketChannel) a0, ((CloseMessage) a1).getCode(), ((CloseMessage) a1).getReason());
        break;
      case UndertowHookIds.SEND_EMPTY_CLOSE:
        // An empty close frame carries no code; RFC 6455 section 7.4.1 names that 1005.
        serverCloseFrame((WebSocketChannel) self, 1005, null);
        break;
      case UndertowHookIds.CLOSE_RECEIVED:
        closeReceived((WebSocketChannel) self, (BufferedBinaryMessage) a0);
        break;
      case UndertowHookIds.EOF:
        transportEnded((WebSocketChannel) self, Cause.EOF);
        break;
      case UndertowHookIds.READS_BROKEN:
        transportEnded((WebSocketChannel) self, Cause.IO_ERROR);
        break;
      default:
        return context.unknownHook(hook);
    }
    return null;
  }

  private void handshakeStart(HttpServerExchange exchange) {
    if (exchange != null
        && UndertowRequestHeaders.mayBeUpgrade(exchange.getRequestHeaders())
        && headers(exchange).isWebSocketAttempt()
        && exchange.getAttachment(HANDSHAKE_START) == null) {
      exchange.putAttachment(HANDSHAKE_START, telemetry.now());
    }
  }

  /**
   * Undertow has decided: the status is final and {@code isPersistent()} says whether the
   * connection survives.
   */
  private void exchangeComplete(HttpServerExchange exchange) {
    Long start = exchange.removeAttachment(HANDSHAKE_START);
    if (start == null) {
      return;
    }
    int status = exchange.getStatusCode();
    HandshakeDecision decision =
        new HandshakeDecision()
            .server(server)
            .startEpochNanos(start)
            .method(exchange.getRequestMethod().toString())
            .path(exchange.getRequestURI())
            .protocol(exchange.getProtocol().toString())
            .status(status)
            .upgraded(status == 101)
            .keepAlive(exchange.isPersistent())
            .peer(exchange.getConnection().getPeerAddress(InetSocketAddress.class))
            .local(exchange.getConnection().getLocalAddress(InetSocketAddress.class))
            .headers(headers(exchange));
    if (!decision.upgraded()) {
      decision.rejection(HandshakeCheck.classify(decision, CHECKS));
    }
    telemetry.handshake(decision);
    if (decision.upgraded() && !exchange.isPersistent()) {
      // HttpReadListener closes a non-persistent exchange's connection right after this, 101 or
      // not, and the
      // WebSocket channel is never created (HTTP/1.0 without "Connection: keep-alive").
      long key = decision.connectionKey();
      telemetry.serverClosing(key, Cause.KEEP_ALIVE);
      telemetry.connectionGone(key, Cause.KEEP_ALIVE);
    }
  }

  private void channelOpen(WebSocketChannel channel) {
    if (channel.isClient()) {
      return;
    }
    long key = key(channel);
    FrameActivity activity = telemetry.frameActivity(key);
    if (activity != null) {
      frames.put(channel, activity);
      channel.addCloseTask(gone);
    }
  }

  /** Only a close frame written before any was sent or received opens the closing handshake. */
  private void serverCloseFrame(WebSocketChannel channel, int code, String reason) {
    if (!channel.isCloseFrameSent() && !channel.isCloseFrameReceived()) {
      telemetry.closeFrameSent(key(channel), code, reason);
    }
  }

  private void closeReceived(WebSocketChannel channel, BufferedBinaryMessage message) {
    ByteBuffer payload = CloseFramePayload.copy(message);
    if (payload == null) {
      return; // ChannelGone records the code Undertow echoed
    }
    int code = 1005;
    String reason = null;
    if (payload.remaining() >= 2) {
      code = payload.getShort() & 0xFFFF;
      reason = StandardCharsets.UTF_8.decode(payload).toString();
    }
    telemetry.closeFrameReceived(key(channel), code, reason);
  }

  /**
   * The peer's FIN ({@code lastDataRead}, after which Undertow pretends a 1001 close arrived) or a
   * failed read (a reset), before any close frame.
   */
  private void transportEnded(WebSocketChannel channel, String cause) {
    if (!channel.isCloseFrameReceived() && !channel.isCloseFrameSent()) {
      telemetry.transportEnded(key(channel), cause);
    }
  }

  static long key(WebSocketChannel channel) {
    return ConnectionKey.of(channel.getDestinationAddress(), channel.getSourceAddress());
  }

  private static RequestHeaders headers(HttpServerExchange exchange) {
    return new UndertowRequestHeaders(exchange.getRequestHeaders());
  }
}
