package io.wsaudit.agent.instrumentation.tomcat.v9_0.linked;

import io.wsaudit.agent.telemetry.ConnectionKey;
import io.wsaudit.agent.telemetry.NumericAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * The TCP endpoints of a Tomcat connection, from its socket wrapper (never from the request, which
 * {@code RemoteIpValve} may rewrite). The HTTP processor and the upgrade handler share the same
 * wrapper.
 *
 * <p>On the NIO connector (Tomcat's default) the addresses are read from the JDK's socket, which
 * holds them already. The wrapper's own {@code getRemoteAddr()}/{@code getLocalAddr()} format them
 * as text and keep both strings in the wrapper for the connection's life (two strings and their
 * bytes, ~110 B per open connection that Tomcat alone would not have made). Elsewhere (NIO2, APR)
 * the wrapper's text is used; each distinct text is parsed once (a few peers, proxies and the
 * server's own addresses, repeat for every connection), in a direct-mapped table whose slots hold
 * immutable entries, so readers need no lock.
 */
final class Sockets {

  private static final int SLOTS = 256;

  private static final NumericAddress[] PARSED = new NumericAddress[SLOTS];

  private Sockets() {}

  static InetSocketAddress peer(SocketWrapperBase<?> socket) {
    Socket s = nioSocket(socket);
    SocketAddress a = s != null ? s.getRemoteSocketAddress() : null;
    if (a instanceof InetSocketAddress) {
      return (InetSocketAddress) a;
    }
    return address(socket.getRemoteAddr(), socket.getRemotePort());
  }

  static InetSocketAddress local(SocketWrapperBase<?> socket) {
    Socket s = nioSocket(socket);
    SocketAddress a = s != null ? s.getLocalSocketAddress() : null;
    if (a instanceof InetSocketAddress) {
      return (InetSocketAddress) a;
    }
    return address(socket.getLocalAddr(), socket.getLocalPort());
  }

  /**
   * The NIO connector's socket (made by Tomcat already, which sets its options), or null. Its
   * addresses stay readable after it is closed (the contract of {@code
   * Socket#getRemoteSocketAddress} and {@code #getLocalSocketAddress}), so a connection's key is
   * the same at its handshake and at its end.
   */
  private static Socket nioSocket(SocketWrapperBase<?> socket) {
    Object channel = socket.getSocket();
    if (channel instanceof NioChannel) {
      SocketChannel io = ((NioChannel) channel).getIOChannel();
      return io != null ? io.socket() : null;
    }
    return null;
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
