package io.wsaudit.agent.instrumentation.javawebsocket.v1_5;

import io.wsaudit.agent.instrumentation.HookIds;

/**
 * The java-websocket family's hook ids: what its advice passes to the bridge and its linked hooks
 * switch on. Compile-time constants, so javac writes the numbers into the advice (which is inlined
 * into server classes that cannot see this class) and into the hooks' {@code case} labels.
 */
public final class JavaWebSocketHookIds {

  public static final int FAMILY = 4;

  public static final int HANDSHAKE_ENTER = FAMILY << HookIds.FAMILY_SHIFT | 1;
  public static final int HANDSHAKE_EXIT = FAMILY << HookIds.FAMILY_SHIFT | 2;
  public static final int REQUEST = FAMILY << HookIds.FAMILY_SHIFT | 3;
  public static final int ACCEPTED = FAMILY << HookIds.FAMILY_SHIFT | 4;
  public static final int OPEN = FAMILY << HookIds.FAMILY_SHIFT | 5;
  public static final int REJECTED404 = FAMILY << HookIds.FAMILY_SHIFT | 6;
  public static final int REJECTED500 = FAMILY << HookIds.FAMILY_SHIFT | 7;
  public static final int CLOSE_SENT = FAMILY << HookIds.FAMILY_SHIFT | 8;
  public static final int CLOSE_RECEIVED = FAMILY << HookIds.FAMILY_SHIFT | 9;
  public static final int EOT = FAMILY << HookIds.FAMILY_SHIFT | 10;
  public static final int CLOSE_CONNECTION = FAMILY << HookIds.FAMILY_SHIFT | 11;
  public static final int LOST_CHECK_ENTER = FAMILY << HookIds.FAMILY_SHIFT | 12;
  public static final int LOST_CHECK_EXIT = FAMILY << HookIds.FAMILY_SHIFT | 13;
  public static final int IO_ERROR = FAMILY << HookIds.FAMILY_SHIFT | 14;
  public static final int STOP = FAMILY << HookIds.FAMILY_SHIFT | 15;

  // Per frame: the message path.
  public static final int FRAME_RECEIVED = FAMILY << HookIds.FAMILY_SHIFT | 16;
  public static final int FRAMES_SENT = FAMILY << HookIds.FAMILY_SHIFT | 17;

  private JavaWebSocketHookIds() {}
}
