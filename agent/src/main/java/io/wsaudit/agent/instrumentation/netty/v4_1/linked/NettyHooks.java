package io.wsaudit.agent.instrumentation.netty.v4_1.linked;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.util.AttributeKey;
import io.wsaudit.agent.instrumentation.FamilyHooks;
import io.wsaudit.agent.instrumentation.HookContext;
import io.wsaudit.agent.instrumentation.netty.v4_1.NettyHookIds;
import io.wsaudit.agent.telemetry.FrameActivities;
import io.wsaudit.agent.telemetry.FrameActivity;
import io.wsaudit.contract.WsAuditSpans.Cause;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Reads Netty's objects at the hook points {@code NettyModule} instruments and reports to
 * telemetry.
 */
public final class NettyHooks extends FamilyHooks {

  /**
   * Set on an upgraded channel once an I/O error reached its pipeline: close frames encoded after
   * it never reach the peer. An attribute rather than a field of the record, so that only a failed
   * channel pays for it.
   */
  private static final AttributeKey<Boolean> IO_FAILED =
      AttributeKey.valueOf("io.wsaudit.netty.ioFailed");

  /** The channel whose {@code IdleStateHandler} event is being handled on this thread. */
  private static final ThreadLocal<Channel> IDLE = new ThreadLocal<>();

  /**
   * The upgraded channels' records: in the field {@code NettyModule} gives {@code AbstractChannel},
   * else (the class was loaded before the agent) in a map.
   */
  private final FrameActivities records;

  /** Created with the hooks, so that no class of theirs is first loaded on a server's I/O path. */
  private final NettyHandshakes handshakes;

  public NettyHooks(HookContext context) {
    super(context);
    this.records = telemetry.newFrameActivities();
    this.handshakes = new NettyHandshakes(telemetry, records);
  }

  @Override
  public Object on(int hook, Object self, Object a0, Object a1, Object a2) {
    switch (hook) {
      case NettyHookIds.FRAME_RECEIVED:
      case NettyHookIds.FRAME_SENT:
      case NettyHookIds.PING_SENT:
        frame(hook, (ChannelHandlerContext) self);
        break;
      case NettyHookIds.HANDSHAKE_START:
        return handshakes.start();
      case NettyHookIds.HANDSHAKE_END:
        handshakes.end((Object[]) a0, a1, (Throwable) a2);
        break;
      case NettyHookIds.NO_HANDSHAKER:
        handshakes.noHandshaker((HttpRequest) self);
        break;
      case NettyHookIds.UNSUPPORTED_VERSION:
        handshakes.unsupportedVersion((Channel) self);
        break;
      case NettyHookIds.CLOSE_SENT:
        closeSent(((ChannelHandlerContext) self).channel(), (CloseWebSocketFrame) a0);
        break;
      case NettyHookIds.CLOSE_RECEIVED:
        closeReceived(((ChannelHandlerContext) self).channel(), (ByteBuf) a0);
        break;
      case NettyHookIds.PROTOCOL_VIOLATION:
        protocolViolation(((ChannelHandlerContext) self).channel());
        break;
      case NettyHookIds.IO_ERROR:
        ioError(((ChannelPipeline) self).channel());
        break;
      case NettyHookIds.PIPELINE_CLOSE:
        pipelineClose(((ChannelHandlerContext) self).channel());
        break;
      case NettyHookIds.IDLE_START:
        {
          Channel previous = IDLE.get();
          IDLE.set(((ChannelHandlerContext) self).channel());
          return previous;
        }
      case NettyHookIds.IDLE_END:
        if (a0 instanceof Channel) {
          IDLE.set((Channel) a0);
        } else {
          IDLE.remove();
        }
        break;
      default:
        return context.unknownHook(hook);
    }
    return null;
  }

  private void closeSent(Channel channel, CloseWebSocketFrame frame) {
    FrameActivity c = records.get(channel);
    if (c == null || ioFailed(channel)) {
      // Not ours, or the transport already failed: whatever is encoded now never reaches the peer.
      return;
    }
    long key = c.connectionKey();
    if (IDLE.get() == channel) {
      telemetry.serverClosing(key, Cause.IDLE_TIMEOUT);
    }
    int code = frame.statusCode();
    telemetry.closeFrameSent(key, code < 0 ? 1005 : code, frame.reasonText());
  }

  private void closeReceived(Channel channel, ByteBuf payload) {
    FrameActivity c = records.get(channel);
    if (c == null) {
      return;
    }
    int code = 1005;
    String reason = null;
    if (payload != null && payload.readableBytes() >= 2) {
      int at = payload.readerIndex();
      code = payload.getUnsignedShort(at);
      reason = payload.toString(at + 2, payload.readableBytes() - 2, StandardCharsets.UTF_8);
    }
    telemetry.closeFrameReceived(c.connectionKey(), code, reason);
  }

  private void protocolViolation(Channel channel) {
    FrameActivity c = records.get(channel);
    if (c != null) {
      telemetry.serverClosing(c.connectionKey(), Cause.PROTOCOL_ERROR);
    }
  }

  private void ioError(Channel channel) {
    FrameActivity c = records.get(channel);
    if (c != null) {
      channel.attr(IO_FAILED).set(Boolean.TRUE);
      telemetry.transportEnded(c.connectionKey(), Cause.IO_ERROR);
    }
  }

  /**
   * A handler or the application asked the channel to close (the transport's own EOF close does not
   * come here).
   */
  private void pipelineClose(Channel channel) {
    FrameActivity c = records.get(channel);
    if (c == null || ioFailed(channel)) {
      // After an I/O error the close that handlers then request is a consequence, not the server's
      // decision.
      return;
    }
    long key = c.connectionKey();
    if (IDLE.get() == channel) {
      telemetry.serverClosing(key, Cause.IDLE_TIMEOUT);
    } else if (channel.eventLoop().isShuttingDown()) {
      telemetry.serverClosing(key, Cause.SHUTDOWN);
    } else {
      telemetry.serverClosing(key, Cause.APPLICATION);
    }
  }

  /** A frame other than a close frame went through the decoder or the encoder. */
  private void frame(int hook, ChannelHandlerContext ctx) {
    FrameActivity c = records.get(ctx.channel());
    if (c == null) {
      return; // not an upgraded server channel the agent tracks (a client's, say)
    }
    if (hook == NettyHookIds.FRAME_RECEIVED) {
      c.received();
    } else if (hook == NettyHookIds.PING_SENT) {
      c.pingSent();
    } else {
      c.sent();
    }
  }

  /** One lookup in the channel's attribute table, allocating nothing. */
  private static boolean ioFailed(Channel channel) {
    return channel.hasAttr(IO_FAILED);
  }

  static InetSocketAddress inet(SocketAddress address) {
    return address instanceof InetSocketAddress ? (InetSocketAddress) address : null;
  }
}
