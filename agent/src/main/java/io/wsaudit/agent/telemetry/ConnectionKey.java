package io.wsaudit.agent.telemetry;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Names a live TCP connection by its two endpoints. Both the HTTP layer (where the handshake is
 * decided) and the WebSocket layer (where closes happen) can compute it, so a family needs no state
 * of its own to link the two.
 *
 * <p>The key is a 64-bit mix of both addresses and ports, computed without building strings (hooks
 * compute it on every close-path event). Two live connections share a key with a probability of
 * about n²/2⁶⁵ for n open connections (10⁻¹² at 100k); the mix is seeded per process, so a peer
 * cannot simply pick ports that collide.
 */
public final class ConnectionKey {

  private static final long SEED = java.util.concurrent.ThreadLocalRandom.current().nextLong();

  private ConnectionKey() {}

  public static long of(InetSocketAddress local, InetSocketAddress peer) {
    long h = mix(SEED ^ endpoint(local));
    return mix(h + endpoint(peer));
  }

  /**
   * An endpoint as 64 bits: an IPv4 address and port exactly, anything longer folded in by the mix.
   */
  private static long endpoint(InetSocketAddress address) {
    if (address == null) {
      return 0x5bd1e995L;
    }
    long port = address.getPort() & 0xFFFFL;
    InetAddress ip = address.getAddress();
    if (ip == null) {
      // unresolved: only its name is known
      return mix(address.getHostString().hashCode() ^ 0x9e3779b97f4a7c15L) ^ port;
    }
    if (ip instanceof Inet4Address) {
      // An IPv4 address's hash code is the address itself (getAddress() would copy it each call).
      return (ip.hashCode() & 0xFFFFFFFFL) << 16 | port;
    }
    byte[] bytes = ip.getAddress();
    long h = port;
    for (int i = 0; i < bytes.length; i += 8) {
      long word = 0;
      for (int j = i; j < i + 8 && j < bytes.length; j++) {
        word = word << 8 | (bytes[j] & 0xFFL);
      }
      h = mix(h ^ word);
    }
    return h;
  }

  /**
   * The finalizer of SplitMix64: a bijection on 64 bits that spreads every input bit over the
   * output.
   */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
