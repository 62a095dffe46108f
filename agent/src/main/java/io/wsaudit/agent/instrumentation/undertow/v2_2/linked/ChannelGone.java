package io.wsaudit.agent.instrumentation.undertow.v2_2.linked;

import io.undertow.websockets.core.WebSocketChannel;
import io.wsaudit.agent.telemetry.FrameActivities;
import io.wsaudit.agent.telemetry.WebSocketTelemetry;
import io.wsaudit.contract.WsAuditSpans.Cause;
import org.xnio.ChannelListener;

/**
 * Close task on an upgraded channel: fills in what the hooks could not see, then ends the
 * connection's record.
 */
final class ChannelGone implements ChannelListener<WebSocketChannel> {

  private final WebSocketTelemetry telemetry;
  private final long key;
  private final FrameActivities frames;

  ChannelGone(WebSocketTelemetry telemetry, long key, FrameActivities frames) {
    this.telemetry = telemetry;
    this.key = key;
    this.frames = frames;
  }

  @Override
  public void handleEvent(WebSocketChannel channel) {
    try {
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
