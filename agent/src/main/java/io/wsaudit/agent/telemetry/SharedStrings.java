package io.wsaudit.agent.telemetry;

import java.net.InetAddress;

/**
 * Shares the low-cardinality strings every connection repeats (path, HTTP version, Host, peer
 * address) so that an open connection holds references, not copies, and formats each address once
 * instead of per handshake.
 *
 * <p>Direct-mapped: a value goes in the slot its hash picks and replaces whatever was there, so the
 * memory is fixed and a changing set of values simply takes over. Slots are written without locks:
 * each holds an immutable object, so a racing reader sees either the old entry, the new one, or
 * none, and then keeps its own copy.
 */
final class SharedStrings {

  private static final int SLOTS = 1024;

  private final String[] strings = new String[SLOTS];
  private final NumericAddress[] addresses = new NumericAddress[SLOTS];
  private final ServerSide[] sides = new ServerSide[SLOTS];

  /**
   * The shared instance equal to {@code value} (or {@code value} itself, which becomes the shared
   * one).
   */
  String share(String value) {
    if (value == null) {
      return null;
    }
    int slot = spread(value.hashCode()) & (SLOTS - 1);
    String cached = strings[slot];
    if (value.equals(cached)) {
      return cached;
    }
    strings[slot] = value;
    return value;
  }

  /**
   * The address as text ({@code 10.1.2.3}, {@code 0:0:0:0:0:0:0:1}), never a name, so never a DNS
   * lookup.
   */
  String address(InetAddress address) {
    if (address == null) {
      return null;
    }
    int slot = spread(address.hashCode()) & (SLOTS - 1);
    NumericAddress cached = addresses[slot];
    if (cached != null && cached.address.equals(address)) {
      return cached.text;
    }
    NumericAddress fresh = new NumericAddress(address, address.getHostAddress());
    addresses[slot] = fresh;
    return fresh.text;
  }

  /**
   * The shared {@link ServerSide} of these values (a new one, which becomes the shared one, when
   * its slot holds another): a {@code Host} header per connection costs at worst its own instance.
   */
  ServerSide serverSide(String protocolVersion, String serverAddress, String server) {
    int slot = spread(ServerSide.hash(protocolVersion, serverAddress, server)) & (SLOTS - 1);
    ServerSide cached = sides[slot];
    if (cached != null && cached.is(protocolVersion, serverAddress, server)) {
      return cached;
    }
    ServerSide fresh = new ServerSide(protocolVersion, serverAddress, server);
    sides[slot] = fresh;
    return fresh;
  }

  private static int spread(int h) {
    return h ^ (h >>> 16) ^ (h >>> 10);
  }
}
