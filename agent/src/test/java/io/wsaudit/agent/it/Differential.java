package io.wsaudit.agent.it;

import io.wsaudit.testkit.ws.RawClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the differential ITs send to a server with and without the agent: a valid upgrade and the
 * same upgrade spoiled the ways proxies and clients spoil it; each family adds its own requests.
 */
final class Differential {

  private Differential() {}

  /** A valid upgrade of {@code path} first, then HTTP/1.0 and one header dropped or wrong each. */
  static List<String> spoiledUpgrades(String path) {
    return List.of(
        RawClient.upgradeRequest("HTTP/1.1", path),
        RawClient.upgradeRequest("HTTP/1.0", path),
        RawClient.upgradeRequest("HTTP/1.1", path, "Upgrade:"),
        RawClient.upgradeRequest("HTTP/1.1", path, "Connection:"),
        RawClient.upgradeRequest("HTTP/1.1", path, "Sec-WebSocket-Version: 99"),
        RawClient.upgradeRequest("HTTP/1.1", path, "Sec-WebSocket-Key:"));
  }

  /** {@link #spoiledUpgrades} and then {@code more}. */
  static List<String> spoiledUpgradesAnd(String path, String... more) {
    List<String> all = new ArrayList<>(spoiledUpgrades(path));
    all.addAll(List.of(more));
    return all;
  }

  /** The upgrade request of {@code path} as a POST. */
  static String post(String path) {
    return RawClient.upgradeRequest("HTTP/1.1", path, "Content-Length: 0")
        .replaceFirst("^GET ", "POST ");
  }

  /** Each request's response head, less its Date. */
  static List<String> heads(int port, List<String> requests, Duration timeout) throws IOException {
    List<String> heads = new ArrayList<>();
    for (String request : requests) {
      try (RawClient c = RawClient.send(port, request, timeout)) {
        heads.add(c.headWithoutDate());
      }
    }
    return heads;
  }
}
