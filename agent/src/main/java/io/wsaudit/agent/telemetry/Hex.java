package io.wsaudit.agent.telemetry;

/**
 * Reads the lower-case hex of trace and span ids back into numbers, so an open connection keeps no
 * id strings.
 */
final class Hex {

  private Hex() {}

  /**
   * The 16 hex digits at {@code offset} as a long; a character that is not a hex digit counts as 0.
   */
  static long toLong(CharSequence hex, int offset) {
    long value = 0;
    for (int i = offset; i < offset + 16; i++) {
      value = value << 4 | digit(hex.charAt(i));
    }
    return value;
  }

  private static int digit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return 0;
  }
}
