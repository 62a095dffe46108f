package io.wsaudit.agent.instrumentation.undertow.v2_2.linked;

import io.undertow.conduits.IdleTimeoutConduit;
import io.undertow.server.protocol.framed.AbstractFramedChannel;
import java.lang.reflect.Field;

/**
 * Whether Undertow's own idle timeout closed a framed channel. Undertow closes the TCP connection
 * without a close frame and says so only in a TRACE log, so the private flags are read (once
 * resolved; absent fields mean "no").
 */
final class IdleTimeouts {

  private static final Field CONDUIT = field(AbstractFramedChannel.class, "idleTimeoutConduit");
  private static final Field TIMED_OUT = field(IdleTimeoutConduit.class, "timedOut");

  private IdleTimeouts() {}

  static boolean timedOut(AbstractFramedChannel<?, ?, ?> channel) {
    if (CONDUIT == null || TIMED_OUT == null) {
      return false;
    }
    try {
      Object conduit = CONDUIT.get(channel);
      return conduit != null && TIMED_OUT.getBoolean(conduit);
    } catch (IllegalAccessException e) {
      return false;
    }
  }

  private static Field field(Class<?> type, String name) {
    try {
      Field f = type.getDeclaredField(name);
      f.setAccessible(true);
      return f;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
