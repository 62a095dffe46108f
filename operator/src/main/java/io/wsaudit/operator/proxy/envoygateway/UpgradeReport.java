package io.wsaudit.operator.proxy.envoygateway;

/**
 * Something about a route's Envoy Gateway configuration that decides whether WebSockets upgrade.
 *
 * @param kind what was found
 * @param from {@code namespace/name} of the object that says so
 * @param message one sentence for a report or an Event
 */
public record UpgradeReport(Kind kind, String from, String message) {

  public enum Kind {
    /** A {@code requestBuffer} with no {@code httpUpgrade} list: Envoy Gateway drops upgrades. */
    UPGRADES_DISABLED_BY_REQUEST_BUFFER,
    /** An {@code httpUpgrade} list without {@code websocket}: it replaces the default list. */
    WEBSOCKET_NOT_IN_UPGRADES,
    /** A backend port with {@code appProtocol: kubernetes.io/ws[s]}: HTTP/1.1 upstream, fine. */
    WEBSOCKET_APP_PROTOCOL
  }

  /** True when WebSocket upgrades cannot work on the route. */
  public boolean breaksUpgrades() {
    return kind != Kind.WEBSOCKET_APP_PROTOCOL;
  }
}
