package io.wsaudit.agent.telemetry;

import java.net.InetSocketAddress;

/**
 * Names a live TCP connection by its two endpoints. Both the HTTP layer (where the handshake is decided) and the
 * WebSocket layer (where closes happen) can compute it, so a family needs no state of its own to link the two.
 */
public final class ConnectionKey {

  private ConnectionKey() {}

  public static String of(InetSocketAddress local, InetSocketAddress peer) {
    return endpoint(local) + "<" + endpoint(peer);
  }

  private static String endpoint(InetSocketAddress address) {
    if (address == null) {
      return "?";
    }
    String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
    return host + ":" + address.getPort();
  }
}
