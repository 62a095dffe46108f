package io.wsaudit.agent.instrumentation.undertow.v2_2.linked;

import io.undertow.websockets.core.WebSocketChannel;
import io.wsaudit.agent.telemetry.FrameActivities;
import io.wsaudit.agent.telemetry.FrameActivity;
import io.wsaudit.agent.telemetry.WebSocketTelemetry;
import io.wsaudit.contract.WsAuditSpans.Cause;
import org.xnio.ChannelListener;

/**
 * Close task on upgraded channels: fills in what the hooks could not see, then ends the
 * connection's record. One instance serves every channel (Undertow passes the channel, and the
 * channel leads to its record), so a tracked connection costs no listener of its own.
 */
final class ChannelGone implements ChannelListener<WebSocketChannel> {

  private final WebSocketTelemetry telemetry;
  private final FrameActivities frames;

  ChannelGone(WebSocketTelemetry telemetry, FrameActivities frames) {
    this.telemetry = telemetry;
    this.frames = frames;
  }

  @Override
  public void handleEvent(WebSocketChannel channel) {
    try {
      FrameActivity record = frames.get(channel);
      if (record == null) {
        return;
      }
      long key = record.connectionKey();
      if (channel.isCloseInitiatedByRemotePeer()) {
        // A receive listener of the application's own read the peer's frame; Undertow echoes its
        // code.
        telemetry.closeFrameReceived(key, channel.getCloseCode(), channel.getCloseReason());
      }
      if (IdleTimeouts.timedOut(channel)) {
        telemetry.serverClosing(key, Cause.IDLE_TIMEOUT);
      }
      frames.remove(channel);
      telemetry.connectionGone(key, Cause.UNKNOWN);
    } catch (Throwable t) {
      // never into Undertow's close path
    }
  }
}
