package io.wsaudit.agent.instrumentation.javawebsocket.v1_5.linked;

import io.wsaudit.agent.telemetry.FrameActivity;
import java.util.Collection;
import java.util.List;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.PingFrame;

/** What {@code WebSocketImpl#send(Collection)} wrote, as frame activity: no lock, no allocation. */
final class SentFrames {

  private SentFrames() {}

  /** Pings, and any frame but a close frame, count as sent; nothing when not tracked. */
  static void note(FrameActivity activity, Object sent) {
    if (activity == null) {
      return;
    }
    if (sent instanceof List) {
      // The server passes lists (a single frame's, or a message's fragments): no iterator.
      List<?> list = (List<?>) sent;
      for (int i = 0; i < list.size(); i++) {
        noteOne(activity, list.get(i));
      }
    } else if (sent instanceof Collection) {
      for (Object frame : (Collection<?>) sent) {
        noteOne(activity, frame);
      }
    }
  }

  private static void noteOne(FrameActivity activity, Object frame) {
    if (frame instanceof PingFrame) {
      activity.pingSent();
    } else if (!(frame instanceof CloseFrame)) {
      activity.sent();
    }
  }
}
