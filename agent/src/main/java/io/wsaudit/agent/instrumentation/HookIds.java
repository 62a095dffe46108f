package io.wsaudit.agent.instrumentation;

/**
 * How a hook id is built: the family's number above {@link #FAMILY_SHIFT}, the hook's number below.
 * Each family's {@code <Family>HookIds} class holds its ids as compile-time constants; the
 * dispatcher finds the family with one shift and an array index, without parsing or allocating.
 */
public final class HookIds {

  public static final int FAMILY_SHIFT = 8;

  private HookIds() {}

  public static int family(int hook) {
    return hook >>> FAMILY_SHIFT;
  }

  /** For log lines: {@code 3/7} is family 3, hook 7. */
  public static String describe(int hook) {
    return family(hook) + "/" + (hook & ((1 << FAMILY_SHIFT) - 1));
  }
}
