package io.wsaudit.agent.instrumentation;

import io.wsaudit.agent.bootstrap.WsAuditBridge;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.bytebuddy.asm.Advice;

/**
 * Advice shared by the families: each only hands the same references to the bridge, so one class
 * per shape of call serves every hook of that shape. The hook id is not in the class: {@link
 * CheckedAdviceTransformer} binds {@link Hook} (and {@link ExitHook}) to the advised method's id as
 * a constant, which ByteBuddy writes into the inlined code. Named in {@link MethodAdvice} by the
 * constants below, never loaded by the agent.
 */
public final class BridgeAdvice {

  private static final String PREFIX = "io.wsaudit.agent.instrumentation.BridgeAdvice$";

  /** {@code hook(id, this)} on entry. */
  public static final String ENTER_THIS = PREFIX + "EnterThis";

  /** {@code hook(id, this)} on a normal return. */
  public static final String EXIT_THIS = PREFIX + "ExitThis";

  /** {@code hook(enter, this)} on entry, {@code hook(exit, this)} on any return or throw. */
  public static final String AROUND_THIS = PREFIX + "AroundThis";

  /** {@code hook(id, this, arg0)} on entry. */
  public static final String ENTER_THIS_ARG0 = PREFIX + "EnterThisArg0";

  /** {@code hook(id, arg0)} on entry. */
  public static final String ENTER_ARG0 = PREFIX + "EnterArg0";

  /** {@code hook(id, arg0)} on a normal return. */
  public static final String EXIT_ARG0 = PREFIX + "ExitArg0";

  /** {@code hook(enter, arg0)} on entry, {@code hook(exit, arg0)} on any return or throw. */
  public static final String AROUND_ARG0 = PREFIX + "AroundArg0";

  /** {@code hook(id, arg0, arg1)} on entry. */
  public static final String ENTER_ARG0_ARG1 = PREFIX + "EnterArg0Arg1";

  private BridgeAdvice() {}

  /** The advised method's hook id (the entry one where there are two). */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  public @interface Hook {}

  /** The advised method's exit hook id. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  public @interface ExitHook {}

  static final class EnterThis {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Hook int hook, @Advice.This Object self) {
      WsAuditBridge.hook(hook, self, null, null, null);
    }
  }

  static final class ExitThis {
    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Hook int hook, @Advice.This Object self) {
      WsAuditBridge.hook(hook, self, null, null, null);
    }
  }

  static final class AroundThis {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Hook int hook, @Advice.This Object self) {
      WsAuditBridge.hook(hook, self, null, null, null);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    static void exit(@ExitHook int hook, @Advice.This Object self) {
      WsAuditBridge.hook(hook, self, null, null, null);
    }
  }

  static final class EnterThisArg0 {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Hook int hook, @Advice.This Object self, @Advice.Argument(0) Object arg0) {
      WsAuditBridge.hook(hook, self, arg0, null, null);
    }
  }

  static final class EnterArg0 {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Hook int hook, @Advice.Argument(0) Object arg0) {
      WsAuditBridge.hook(hook, arg0, null, null, null);
    }
  }

  static final class ExitArg0 {
    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Hook int hook, @Advice.Argument(0) Object arg0) {
      WsAuditBridge.hook(hook, arg0, null, null, null);
    }
  }

  static final class AroundArg0 {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Hook int hook, @Advice.Argument(0) Object arg0) {
      WsAuditBridge.hook(hook, arg0, null, null, null);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    static void exit(@ExitHook int hook, @Advice.Argument(0) Object arg0) {
      WsAuditBridge.hook(hook, arg0, null, null, null);
    }
  }

  static final class EnterArg0Arg1 {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(
        @Hook int hook, @Advice.Argument(0) Object arg0, @Advice.Argument(1) Object arg1) {
      WsAuditBridge.hook(hook, arg0, arg1, null, null);
    }
  }
}
