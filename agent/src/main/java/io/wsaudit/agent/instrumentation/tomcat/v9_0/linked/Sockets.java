package io.wsaudit.agent.instrumentation.tomcat.v9_0.linked;

import io.wsaudit.agent.telemetry.ConnectionKey;
import io.wsaudit.agent.telemetry.NumericAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * The TCP endpoints of a Tomcat connection, from its socket wrapper (never from the request, which
 * {@code RemoteIpValve} may rewrite). The HTTP processor and the upgrade handler share the same
 * wrapper.
 *
 * <p>Tomcat gives the addresses as text; each distinct text is parsed once (a few peers, proxies
 * and the server's own addresses, repeat for every connection), in a direct-mapped table whose
 * slots hold immutable entries, so readers need no lock.
 */
final class Sockets {

  private static final int SLOTS = 256;

  private static final NumericAddress[] PARSED = new NumericAddress[SLOTS];

  private Sockets() {}

  static InetSocketAddress peer(SocketWrapperBase<?> socket) {
    return address(socket.getRemoteAddr(), socket.getRemotePort());
  }

  static InetSocketAddress local(SocketWrapperBase<?> socket) {
    return address(socket.getLocalAddr(), socket.getLocalPort());
  }

  static long key(SocketWrapperBase<?> socket) {
    return ConnectionKey.of(local(socket), peer(socket));
  }

  private static InetSocketAddress address(String ip, int port) {
    if (ip == null || port < 0) {
      return null;
    }
    InetAddress address = parsed(ip);
    return address != null
        ? new InetSocketAddress(address, port)
        : InetSocketAddress.createUnresolved(ip, Math.max(0, port));
  }

  /** Tomcat gives numeric addresses, so this never does a DNS lookup; null when not one. */
  private static InetAddress parsed(String ip) {
    int h = ip.hashCode();
    int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
    NumericAddress cached = PARSED[slot];
    if (cached != null && cached.text.equals(ip)) {
      return cached.address;
    }
    try {
      InetAddress address = InetAddress.getByName(ip);
      PARSED[slot] = new NumericAddress(address, ip);
      return address;
    } catch (UnknownHostException | IllegalArgumentException e) {
      return null;
    }
  }
}
