package io.wsaudit.contract;

import java.util.List;

/**
 * The agent's metric contract: instrument names, units, the attribute keys each carries and their
 * closed value sets. {@code docs/metrics.md} explains each entry; a test keeps the two in step.
 *
 * <p>Attribute values are low-cardinality only: never a path, a peer or a connection id. Keys
 * shared with the spans are {@link WsAuditSpans}' constants.
 */
public final class WsAuditMetrics {

  /** Counter, one per upgrade attempt, accepted or not. */
  public static final String HANDSHAKES = "websocket.server.handshakes";

  public static final String HANDSHAKES_UNIT = "{handshake}";

  /** Up-down counter: upgraded connections not yet gone. */
  public static final String ACTIVE_CONNECTIONS = "websocket.server.active_connections";

  public static final String ACTIVE_CONNECTIONS_UNIT = "{connection}";

  /** Histogram of upgraded connections' lifetimes, 101 to gone. */
  public static final String CONNECTION_DURATION = "websocket.server.connection.duration";

  public static final String CONNECTION_DURATION_UNIT = "s";

  /** Counter, one per upgraded connection that is gone. */
  public static final String CLOSES = "websocket.server.closes";

  public static final String CLOSES_UNIT = "{close}";

  /** The close code's class ({@link CodeClass}); the exact code stays on the close span. */
  public static final String CLOSE_CODE_CLASS = "websocket.close.code_class";

  /**
   * OpenTelemetry's {@code error.type}, on the duration histogram of a connection that ended
   * abnormally (see {@link #errorType}).
   */
  public static final String ERROR_TYPE = "error.type";

  /**
   * {@link WsAuditSpans#NETWORK_PROTOCOL_VERSION} on a handshake whose version is none of {@link
   * #PROTOCOL_VERSIONS}, as the semantic conventions' {@code _OTHER} for an unknown method.
   */
  public static final String OTHER_PROTOCOL_VERSION = "_OTHER";

  /** Protocol versions recorded as they are: HTTP/1.0, HTTP/1.1 and RFC 8441's HTTP/2. */
  public static final List<String> PROTOCOL_VERSIONS =
      List.of(WsAuditSpans.ProtocolVersion.HTTP_1_0, WsAuditSpans.ProtocolVersion.HTTP_1_1, "2");

  /**
   * Explicit bucket boundaries of {@link #CONNECTION_DURATION}, seconds: sub-second failures up to
   * a day, with narrow buckets around 60 s (nginx's and ingress-nginx's default read timeout) and
   * 3600 s (the timeout wsaudit's IdleTimeout patch sets), where proxy cuts pile up.
   */
  public static final List<Double> DURATION_BUCKETS_SECONDS =
      List.of(
          0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 59.0, 61.0, 120.0, 300.0, 600.0, 1800.0,
          3599.0, 3601.0, 7200.0, 14400.0, 28800.0, 86400.0);

  /** Attribute keys of each instrument, in the order docs/metrics.md lists them. */
  public static final List<String> HANDSHAKES_ATTRIBUTES =
      List.of(
          WsAuditSpans.HANDSHAKE_OUTCOME,
          WsAuditSpans.HANDSHAKE_REJECTION,
          WsAuditSpans.NETWORK_PROTOCOL_VERSION,
          WsAuditSpans.SERVER);

  public static final List<String> ACTIVE_CONNECTIONS_ATTRIBUTES = List.of(WsAuditSpans.SERVER);

  public static final List<String> CONNECTION_DURATION_ATTRIBUTES =
      List.of(
          WsAuditSpans.CLOSE_INITIATOR, WsAuditSpans.CLOSE_CAUSE, WsAuditSpans.SERVER, ERROR_TYPE);

  public static final List<String> CLOSES_ATTRIBUTES =
      List.of(
          CLOSE_CODE_CLASS,
          WsAuditSpans.CLOSE_INITIATOR,
          WsAuditSpans.CLOSE_CAUSE,
          WsAuditSpans.CLOSE_EARLY,
          WsAuditSpans.SERVER);

  /** Values of {@link #CLOSE_CODE_CLASS}: RFC 6455 section 7.4 codes in a few groups. */
  public static final class CodeClass {
    /** 1000. */
    public static final String NORMAL = "normal";

    /** 1001: an endpoint is going away (a server stopping, a browser leaving the page). */
    public static final String GOING_AWAY = "going_away";

    /** 1005: a close frame without a code. */
    public static final String NO_STATUS = "no_status";

    /** 1006: no close frame at all, the TCP connection just ended. */
    public static final String ABNORMAL = "abnormal";

    /** 1002, 1003, 1007, 1008, 1009, 1010: the other side broke the protocol or a policy. */
    public static final String PROTOCOL_ERROR = "protocol_error";

    /** 1011 to 1014: internal error, service restart, try again later, bad gateway. */
    public static final String SERVER_ERROR = "server_error";

    /** 3000 to 4999: codes of libraries, frameworks and applications. */
    public static final String APPLICATION = "application";

    /** Anything else (1004, 1015, codes never valid on the wire). */
    public static final String OTHER = "other";

    public static final List<String> ALL =
        List.of(
            NORMAL,
            GOING_AWAY,
            NO_STATUS,
            ABNORMAL,
            PROTOCOL_ERROR,
            SERVER_ERROR,
            APPLICATION,
            OTHER);

    /** The class of close code {@code code}. */
    public static String of(int code) {
      switch (code) {
        case 1000:
          return NORMAL;
        case 1001:
          return GOING_AWAY;
        case 1005:
          return NO_STATUS;
        case 1006:
          return ABNORMAL;
        case 1002:
        case 1003:
        case 1007:
        case 1008:
        case 1009:
        case 1010:
          return PROTOCOL_ERROR;
        case 1011:
        case 1012:
        case 1013:
        case 1014:
          return SERVER_ERROR;
        default:
          return code >= 3000 && code <= 4999 ? APPLICATION : OTHER;
      }
    }

    private CodeClass() {}
  }

  /**
   * {@link #ERROR_TYPE} of a connection that is gone, null when it ended normally. A close is
   * abnormal when no close frame was exchanged (code class {@code abnormal}: the cause then says
   * which, {@code eof}, {@code io_error}, {@code idle_timeout} …), when its code reports an error
   * ({@code protocol_error}, {@code server_error}), or when its cause is {@code idle_timeout},
   * {@code io_error} or {@code protocol_error} whatever the code. The value is the cause, or the
   * code class when the cause only says who closed ({@code application}, {@code client}).
   */
  public static String errorType(String codeClass, String cause) {
    boolean abnormal =
        CodeClass.ABNORMAL.equals(codeClass)
            || CodeClass.PROTOCOL_ERROR.equals(codeClass)
            || CodeClass.SERVER_ERROR.equals(codeClass)
            || WsAuditSpans.Cause.IDLE_TIMEOUT.equals(cause)
            || WsAuditSpans.Cause.IO_ERROR.equals(cause)
            || WsAuditSpans.Cause.PROTOCOL_ERROR.equals(cause);
    if (!abnormal) {
      return null;
    }
    return WsAuditSpans.Cause.APPLICATION.equals(cause) || WsAuditSpans.Cause.CLIENT.equals(cause)
        ? codeClass
        : cause;
  }

  private WsAuditMetrics() {}
}
