package io.wsaudit.agent.instrumentation.tomcat.v9_0.linked;

import io.wsaudit.agent.telemetry.ConnectionKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * The TCP endpoints of a Tomcat connection, from its socket wrapper (never from the request, which
 * {@code RemoteIpValve} may rewrite). The HTTP processor and the upgrade handler share the same
 * wrapper.
 */
final class Sockets {

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

  /** Tomcat gives numeric addresses, so this never does a DNS lookup. */
  private static InetSocketAddress address(String ip, int port) {
    if (ip == null || port < 0) {
      return null;
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(ip), port);
    } catch (UnknownHostException | IllegalArgumentException e) {
      return InetSocketAddress.createUnresolved(ip, Math.max(0, port));
    }
  }
}
