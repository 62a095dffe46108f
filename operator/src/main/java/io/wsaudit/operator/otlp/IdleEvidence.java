package io.wsaudit.operator.otlp;

/**
 * How quiet a connection was before it ended, from the close span's {@code websocket.idle.*} and
 * {@code websocket.ping.sent}. Any part is null when the agent did not send it (agents before these
 * keys) or sent a value no clock could have measured (negative, longer than the connection lived).
 *
 * @param receivedMs milliseconds from the last frame the server received to the close
 * @param sentMs the same for the frames the server sent
 * @param pingSent the server sent at least one ping
 */
public record IdleEvidence(Long receivedMs, Long sentMs, Boolean pingSent) {

  /** What an older agent's close span says: nothing. */
  public static final IdleEvidence NONE = new IdleEvidence(null, null, null);

  /**
   * A measured idle time may exceed the connection's duration by this much (the two are taken at
   * slightly different moments); more means a clock jumped between them.
   */
  static final long SLACK_MS = 1_000;

  /** Nothing wsaudit keeps lives this long: a longer idle time is a broken clock. */
  static final long ABSURD_MS = 7L * 24 * 3600 * 1000;

  /** Both directions measured: the rules can judge idleness. */
  public boolean known() {
    return receivedMs != null && sentMs != null;
  }

  /** Milliseconds since the last frame in either direction, or null when unknown. */
  public Long quietMs() {
    return known() ? Math.min(receivedMs, sentMs) : null;
  }

  /** The span's values, with impossible ones dropped; {@link #dropped} says how many. */
  static IdleEvidence decoded(Long receivedMs, Long sentMs, Boolean pingSent, Long durationMs) {
    return new IdleEvidence(
        plausible(receivedMs, durationMs), plausible(sentMs, durationMs), pingSent);
  }

  /** How many of the span's idle values {@link #decoded} dropped. */
  static int dropped(Long receivedMs, Long sentMs, IdleEvidence kept) {
    return (receivedMs != null && kept.receivedMs() == null ? 1 : 0)
        + (sentMs != null && kept.sentMs() == null ? 1 : 0);
  }

  private static Long plausible(Long ms, Long durationMs) {
    if (ms == null || ms < 0 || ms > ABSURD_MS) {
      return null;
    }
    return durationMs != null && durationMs >= 0 && ms > durationMs + SLACK_MS ? null : ms;
  }
}
