package io.wsaudit.agent.instrumentation.netty.v4_1.linked;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.wsaudit.agent.telemetry.FrameActivities;
import io.wsaudit.agent.telemetry.FrameActivity;
import io.wsaudit.agent.telemetry.WebSocketTelemetry;
import io.wsaudit.contract.WsAuditSpans.Cause;

/**
 * Listens on upgraded channels' close futures. When no close frame went either way and no handler
 * asked for the close, the transport closed the channel itself: the peer ended TCP (EOF), or the
 * event loop is shutting down.
 *
 * <p>One instance serves every channel of a hooks instance: the future names its channel, the
 * channel leads to its record and the record carries its key, so tracking a channel costs no
 * listener object of its own.
 */
final class ChannelGone implements ChannelFutureListener {

  private final WebSocketTelemetry telemetry;
  private final FrameActivities records;

  ChannelGone(WebSocketTelemetry telemetry, FrameActivities records) {
    this.telemetry = telemetry;
    this.records = records;
  }

  @Override
  public void operationComplete(ChannelFuture future) {
    try {
      Channel channel = future.channel();
      FrameActivity record = records.get(channel);
      if (record == null) {
        return;
      }
      records.remove(channel);
      long key = record.connectionKey();
      if (channel.eventLoop().isShuttingDown()) {
        telemetry.serverClosing(key, Cause.SHUTDOWN);
      }
      telemetry.connectionGone(key, Cause.EOF);
    } catch (Throwable t) {
      // never into Netty's close path
    }
  }
}
