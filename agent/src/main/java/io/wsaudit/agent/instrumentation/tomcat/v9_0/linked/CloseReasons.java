package io.wsaudit.agent.instrumentation.tomcat.v9_0.linked;

import java.lang.reflect.Method;

/**
 * Reads a {@code javax.websocket.CloseReason} (Tomcat 9) or {@code jakarta.websocket.CloseReason}
 * (10.1, 11.0) reflectively, through the spec's public types, so that one agent serves both.
 */
final class CloseReasons {

  private static volatile Accessors cached;

  private CloseReasons() {}

  static int code(Object closeReason) {
    try {
      Accessors a = accessors(closeReason.getClass());
      return (Integer) a.getCode.invoke(a.getCloseCode.invoke(closeReason));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return 1005;
    }
  }

  static String reason(Object closeReason) {
    try {
      return (String) accessors(closeReason.getClass()).getReasonPhrase.invoke(closeReason);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  private static Accessors accessors(Class<?> type) throws NoSuchMethodException {
    Accessors a = cached;
    if (a == null || a.type != type) {
      a = new Accessors(type);
      cached = a;
    }
    return a;
  }

  private static final class Accessors {
    final Class<?> type;
    final Method getCloseCode;
    final Method getCode;
    final Method getReasonPhrase;

    Accessors(Class<?> type) throws NoSuchMethodException {
      this.type = type;
      this.getCloseCode = type.getMethod("getCloseCode");
      // Through the CloseCode interface: custom codes are instances of a non-public class.
      this.getCode = getCloseCode.getReturnType().getMethod("getCode");
      this.getReasonPhrase = type.getMethod("getReasonPhrase");
    }
  }
}
