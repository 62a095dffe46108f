package io.wsaudit.operator.otlp;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Reads the span opentelemetry-cpp-contrib's nginx module ({@code otel_ngx_module}, which
 * ingress-nginx loads with {@code enable-opentelemetry: "true"}) ends for each request: started in
 * nginx's rewrite phase, ended in its log phase, so for an upgraded connection it lasts as long as
 * the tunnel. Attribute names are the old HTTP semantic conventions the module sets (its {@code
 * StartNgxSpan} / {@code FinishNgxSpan} in {@code instrumentation/nginx/src/otel_ngx_module.cpp}).
 * There is no upstream address, no request id and no HTTP version spoken upstream.
 */
final class NginxSpanDecoder {

  /** The tracer name the module asks for ({@code GetTracer("nginx")}). */
  static final String SCOPE_NAME = "nginx";

  static final String STATUS_CODE = "http.status_code";
  static final String TARGET = "http.target";
  static final String HOST = "http.host";
  static final String SERVER_NAME = "http.server_name";

  /**
   * Only with {@code opentelemetry_capture_headers on} (not in ingress-nginx's template): header
   * names lower-cased, {@code -} as {@code _}.
   */
  static final String UPGRADE_HEADER = "http.request.header.upgrade";

  static final long SWITCHING_PROTOCOLS = 101;

  private NginxSpanDecoder() {}

  /**
   * The connection the span describes, or null when it cannot be a WebSocket (neither a 101 nor a
   * request that asked for an upgrade: every other request of the cluster).
   */
  static ProxyObservation decode(Span span, SpanSource source) {
    Long status = null;
    String target = null;
    String host = null;
    String serverName = null;
    Boolean upgrade = null;
    for (KeyValue kv : span.getAttributesList()) {
      AnyValue v = kv.getValue();
      switch (kv.getKey()) {
        case STATUS_CODE -> status = v.hasIntValue() ? v.getIntValue() : null;
        case TARGET -> target = v.getStringValue();
        case HOST -> host = v.getStringValue();
        case SERVER_NAME -> serverName = v.getStringValue();
        case UPGRADE_HEADER -> upgrade = asksForWebSocket(v);
        default -> {}
      }
    }
    boolean upgraded = status != null && status == SWITCHING_PROTOCOLS;
    if (!upgraded && !Boolean.TRUE.equals(upgrade)) {
      return null;
    }
    long start = span.getStartTimeUnixNano();
    long end = span.getEndTimeUnixNano() != 0 ? span.getEndTimeUnixNano() : start;
    Long lifetimeMs = start != 0 && end >= start ? (end - start) / 1_000_000L : null;
    return new ProxyObservation(
        Instant.ofEpochSecond(end / 1_000_000_000L, end % 1_000_000_000L),
        SpanDecoder.cut(hostOf(host, serverName)),
        SpanDecoder.cut(pathOf(target)),
        status == null ? null : (int) (long) status,
        lifetimeMs,
        null,
        null,
        null,
        upgrade,
        false,
        source,
        HexFormat.of().formatHex(span.getTraceId().toByteArray()),
        HexFormat.of().formatHex(span.getSpanId().toByteArray()),
        ProxyObservation.Origin.NGINX_SPAN);
  }

  private static boolean asksForWebSocket(AnyValue v) {
    if (v.hasStringValue()) {
      return "websocket".equalsIgnoreCase(v.getStringValue().trim());
    }
    for (AnyValue e : v.getArrayValue().getValuesList()) {
      if ("websocket".equalsIgnoreCase(e.getStringValue().trim())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The Host header without its port; else the nginx server block's name (ingress-nginx names each
   * after its Ingress host, {@code _} for the default server).
   */
  static String hostOf(String hostHeader, String serverName) {
    if (hostHeader != null && !hostHeader.isEmpty()) {
      if (hostHeader.startsWith("[")) {
        int close = hostHeader.indexOf(']');
        return close < 0 ? hostHeader : hostHeader.substring(0, close + 1);
      }
      int colon = hostHeader.indexOf(':');
      return colon < 0 ? hostHeader : hostHeader.substring(0, colon);
    }
    return serverName == null || serverName.isEmpty() || "_".equals(serverName) ? null : serverName;
  }

  /** {@code http.target} is nginx's unparsed URI: the path before any query. */
  static String pathOf(String target) {
    if (target == null || target.isEmpty()) {
      return null;
    }
    int q = target.indexOf('?');
    return q < 0 ? target : target.substring(0, q);
  }
}
