package io.wsaudit.agent.telemetry;

/** Addresses the handshake span derives from request headers. */
final class HandshakeAddresses {

  private HandshakeAddresses() {}

  /** {@code Host} without its port (an IPv6 literal keeps its brackets). */
  static String serverAddress(HandshakeDecision d) {
    String host = d.headers().first("host");
    if (host == null || host.isBlank()) {
      return null;
    }
    host = host.trim();
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      return end > 0 ? host.substring(0, end + 1) : host;
    }
    int colon = host.indexOf(':');
    return colon >= 0 ? host.substring(0, colon) : host;
  }

  /** First hop of {@code X-Forwarded-For}, else the TCP peer. */
  static String clientAddress(HandshakeDecision d, String peerAddress) {
    String forwarded = d.headers().first("x-forwarded-for");
    if (forwarded != null) {
      int comma = forwarded.indexOf(',');
      String first = (comma >= 0 ? forwarded.substring(0, comma) : forwarded).trim();
      if (!first.isEmpty()) {
        return first;
      }
    }
    return peerAddress;
  }
}
