package io.wsaudit.agent.instrumentation.netty.v4_1.linked;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.wsaudit.agent.telemetry.WebSocketTelemetry;
import io.wsaudit.contract.WsAuditSpans.Cause;

/**
 * Listens on an upgraded channel's close future. When no close frame went either way and no handler
 * asked for the close, the transport closed the channel itself: the peer ended TCP (EOF), or the
 * event loop is shutting down.
 */
final class ChannelGone implements ChannelFutureListener {

  private final WebSocketTelemetry telemetry;
  private final NettyConnection connection;

  ChannelGone(WebSocketTelemetry telemetry, NettyConnection connection) {
    this.telemetry = telemetry;
    this.connection = connection;
  }

  @Override
  public void operationComplete(ChannelFuture future) {
    try {
      if (future.channel().eventLoop().isShuttingDown()) {
        telemetry.serverClosing(connection.key, Cause.SHUTDOWN);
      }
      telemetry.connectionGone(connection.key, Cause.EOF);
    } catch (Throwable t) {
      // never into Netty's close path
    }
  }
}
