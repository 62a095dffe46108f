package io.wsaudit.agent.telemetry;

import java.util.Objects;

/**
 * The close span's attributes of a connection's server side, which most connections share: the
 * protocol version, the server address (from {@code Host}) and the server family. {@link
 * SharedStrings#serverSide} hands out one instance per distinct triple, so an open connection holds
 * one reference for the three (8 bytes less per connection than three).
 */
final class ServerSide {

  final String protocolVersion;
  final String serverAddress;
  final String server;

  ServerSide(String protocolVersion, String serverAddress, String server) {
    this.protocolVersion = protocolVersion;
    this.serverAddress = serverAddress;
    this.server = server;
  }

  boolean is(String protocolVersion, String serverAddress, String server) {
    return Objects.equals(this.protocolVersion, protocolVersion)
        && Objects.equals(this.serverAddress, serverAddress)
        && Objects.equals(this.server, server);
  }

  static int hash(String protocolVersion, String serverAddress, String server) {
    return Objects.hash(protocolVersion, serverAddress, server);
  }
}
