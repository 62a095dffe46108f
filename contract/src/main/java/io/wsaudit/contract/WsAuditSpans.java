package io.wsaudit.contract;

import java.util.List;

/**
 * The agent/operator span contract: span names, attribute keys and their allowed values.
 *
 * <p>{@code docs/spans.md} explains each entry; a test keeps the two in step. Change both, and the
 * agent and operator tests, in one commit.
 */
public final class WsAuditSpans {

  /**
   * Instrumentation scope of every span the agent emits; the operator skips spans of any other
   * scope.
   */
  public static final String SCOPE_NAME = "io.wsaudit.agent";

  /** One span per upgrade attempt, accepted or not (kind SERVER). */
  public static final String HANDSHAKE_SPAN = "websocket.handshake";

  /**
   * One span per upgraded connection, ended when the connection is gone (kind INTERNAL, child of
   * handshake).
   */
  public static final String CLOSE_SPAN = "websocket.close";

  /**
   * W3C trace-context request headers: when the upgrade request carries a valid {@code
   * traceparent}, the handshake span is its child (same trace id, parent span id from the header,
   * {@code tracestate} kept); otherwise the handshake span starts a trace of its own. Either way
   * the close span is the handshake span's child.
   */
  public static final String TRACEPARENT_HEADER = "traceparent";

  public static final String TRACESTATE_HEADER = "tracestate";

  // --- OpenTelemetry semantic-convention keys used on the handshake span (and copied on the close
  // span).
  public static final String HTTP_REQUEST_METHOD = "http.request.method";
  public static final String URL_PATH = "url.path";
  public static final String NETWORK_PROTOCOL_VERSION = "network.protocol.version";
  public static final String HTTP_RESPONSE_STATUS_CODE = "http.response.status_code";
  public static final String NETWORK_PEER_ADDRESS = "network.peer.address";
  public static final String NETWORK_PEER_PORT = "network.peer.port";
  public static final String NETWORK_LOCAL_ADDRESS = "network.local.address";
  public static final String NETWORK_LOCAL_PORT = "network.local.port";
  public static final String SERVER_ADDRESS = "server.address";
  public static final String CLIENT_ADDRESS = "client.address";
  public static final String USER_AGENT_ORIGINAL = "user_agent.original";

  /**
   * Prefix of captured request headers; the suffix is the lower-case header name, the value a
   * string array.
   */
  public static final String REQUEST_HEADER_PREFIX = "http.request.header.";

  /**
   * Request headers always captured (more may be configured; {@link #NEVER_CAPTURED_HEADERS} never
   * are).
   */
  public static final List<String> CAPTURED_HEADERS =
      List.of(
          "connection",
          "upgrade",
          "sec-websocket-version",
          "x-forwarded-for",
          "x-forwarded-host",
          "x-request-id");

  /** Headers that are never recorded, whatever the configuration says. */
  public static final List<String> NEVER_CAPTURED_HEADERS =
      List.of("authorization", "cookie", "sec-websocket-key", "proxy-authorization", "set-cookie");

  // --- wsaudit's own keys.
  public static final String HANDSHAKE_OUTCOME = "websocket.handshake.outcome";
  public static final String HANDSHAKE_REJECTION = "websocket.handshake.rejection";
  public static final String KEEP_ALIVE = "websocket.keep_alive";
  public static final String SERVER = "websocket.server";
  public static final String CONNECTION_ID = "websocket.connection.id";

  public static final String CLOSE_CODE = "websocket.close.code";
  public static final String CLOSE_REASON = "websocket.close.reason";
  public static final String CLOSE_INITIATOR = "websocket.close.initiator";
  public static final String CLOSE_CAUSE = "websocket.close.cause";
  public static final String CONNECTION_DURATION_MS = "websocket.connection.duration_ms";
  public static final String CLOSE_EARLY = "websocket.close.early";

  /**
   * Milliseconds from the last frame the server received (data, ping, pong or continuation; never
   * the close frame itself), or from the 101 when none came, to the close decision. With {@link
   * #IDLE_SENT_MS} it says how long a connection was quiet before it ended: the evidence of a
   * proxy's idle or read timeout.
   */
  public static final String IDLE_RECEIVED_MS = "websocket.idle.received_ms";

  /** As {@link #IDLE_RECEIVED_MS}, for the frames the server sent. */
  public static final String IDLE_SENT_MS = "websocket.idle.sent_ms";

  /**
   * True when the server sent at least one ping frame on the connection: a server that pings more
   * often than a proxy's idle timeout keeps the connection alive through it.
   */
  public static final String PING_SENT = "websocket.ping.sent";

  /** Handshake-span attributes copied onto the close span so that it can be acted on alone. */
  public static final List<String> COPIED_TO_CLOSE =
      List.of(NETWORK_PROTOCOL_VERSION, URL_PATH, NETWORK_PEER_ADDRESS, SERVER_ADDRESS, SERVER);

  /** Close code used when no close frame was exchanged (RFC 6455 section 7.4.1). */
  public static final int ABNORMAL_CLOSE_CODE = 1006;

  /**
   * Codes of a peer's clean goodbye (RFC 6455 section 7.4.1: normal closure, going away, no status
   * code in the frame). A connection the peer closes first with one of them ended because the peer
   * wanted it to, however short it was: never {@link #CLOSE_EARLY}, never status ERROR.
   */
  public static final List<Integer> CLEAN_PEER_CLOSE_CODES = List.of(1000, 1001, 1005);

  /** True when the peer sent the first close frame, with a clean code. */
  public static boolean isCleanPeerClose(String initiator, long code) {
    return Initiator.CLIENT.equals(initiator) && CLEAN_PEER_CLOSE_CODES.contains((int) code);
  }

  /**
   * Values of {@link #NETWORK_PROTOCOL_VERSION} on a WebSocket upgrade (RFC 6455 upgrades HTTP/1.1;
   * a 1.0 request reaching the server means a proxy downgraded it). ingress-nginx's {@code
   * proxy-http-version} takes the same two values, so the operator compares the two directly.
   */
  public static final class ProtocolVersion {
    public static final String HTTP_1_0 = "1.0";
    public static final String HTTP_1_1 = "1.1";
    public static final List<String> ALL = List.of(HTTP_1_0, HTTP_1_1);

    private ProtocolVersion() {}
  }

  /** Values of {@link #HANDSHAKE_OUTCOME}. */
  public static final class Outcome {
    public static final String UPGRADED = "upgraded";
    public static final String REJECTED = "rejected";
    public static final List<String> ALL = List.of(UPGRADED, REJECTED);

    private Outcome() {}
  }

  /** Values of {@link #HANDSHAKE_REJECTION}. */
  public static final class Rejection {
    public static final String HTTP_VERSION = "http_version";
    public static final String METHOD = "method";
    public static final String MISSING_UPGRADE = "missing_upgrade";
    public static final String MISSING_CONNECTION_UPGRADE = "missing_connection_upgrade";
    public static final String BAD_VERSION = "bad_version";
    public static final String MISSING_KEY = "missing_key";
    public static final String ORIGIN = "origin";
    public static final String OTHER = "other";
    public static final List<String> ALL =
        List.of(
            HTTP_VERSION,
            METHOD,
            MISSING_UPGRADE,
            MISSING_CONNECTION_UPGRADE,
            BAD_VERSION,
            MISSING_KEY,
            ORIGIN,
            OTHER);

    private Rejection() {}
  }

  /**
   * Values of {@link #CLOSE_INITIATOR}: who sent the first close frame, or {@code transport} when
   * nobody did.
   */
  public static final class Initiator {
    public static final String SERVER = "server";
    public static final String CLIENT = "client";
    public static final String TRANSPORT = "transport";
    public static final List<String> ALL = List.of(SERVER, CLIENT, TRANSPORT);

    private Initiator() {}
  }

  /** Values of {@link #CLOSE_CAUSE}. */
  public static final class Cause {
    public static final String APPLICATION = "application";
    public static final String CLIENT = "client";
    public static final String IDLE_TIMEOUT = "idle_timeout";
    public static final String PROTOCOL_ERROR = "protocol_error";
    public static final String KEEP_ALIVE = "keep_alive";
    public static final String SHUTDOWN = "shutdown";
    public static final String EOF = "eof";
    public static final String IO_ERROR = "io_error";
    public static final String UNKNOWN = "unknown";
    public static final List<String> ALL =
        List.of(
            APPLICATION,
            CLIENT,
            IDLE_TIMEOUT,
            PROTOCOL_ERROR,
            KEEP_ALIVE,
            SHUTDOWN,
            EOF,
            IO_ERROR,
            UNKNOWN);

    private Cause() {}
  }

  private WsAuditSpans() {}
}
