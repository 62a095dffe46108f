package io.wsaudit.operator.otlp;

import static io.wsaudit.contract.WsAuditSpans.CLOSE_CAUSE;
import static io.wsaudit.contract.WsAuditSpans.CLOSE_CODE;
import static io.wsaudit.contract.WsAuditSpans.CLOSE_EARLY;
import static io.wsaudit.contract.WsAuditSpans.CLOSE_INITIATOR;
import static io.wsaudit.contract.WsAuditSpans.CLOSE_SPAN;
import static io.wsaudit.contract.WsAuditSpans.CONNECTION_DURATION_MS;
import static io.wsaudit.contract.WsAuditSpans.CONNECTION_ID;
import static io.wsaudit.contract.WsAuditSpans.HANDSHAKE_OUTCOME;
import static io.wsaudit.contract.WsAuditSpans.HANDSHAKE_REJECTION;
import static io.wsaudit.contract.WsAuditSpans.HANDSHAKE_SPAN;
import static io.wsaudit.contract.WsAuditSpans.HTTP_RESPONSE_STATUS_CODE;
import static io.wsaudit.contract.WsAuditSpans.IDLE_RECEIVED_MS;
import static io.wsaudit.contract.WsAuditSpans.IDLE_SENT_MS;
import static io.wsaudit.contract.WsAuditSpans.KEEP_ALIVE;
import static io.wsaudit.contract.WsAuditSpans.NETWORK_LOCAL_ADDRESS;
import static io.wsaudit.contract.WsAuditSpans.NETWORK_PROTOCOL_VERSION;
import static io.wsaudit.contract.WsAuditSpans.PING_SENT;
import static io.wsaudit.contract.WsAuditSpans.REQUEST_HEADER_PREFIX;
import static io.wsaudit.contract.WsAuditSpans.SCOPE_NAME;
import static io.wsaudit.contract.WsAuditSpans.SERVER_ADDRESS;
import static io.wsaudit.contract.WsAuditSpans.URL_PATH;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Turns an OTLP trace export into observations: wsaudit's spans, and the upgraded connections among
 * ingress-nginx's own spans ({@link NginxSpanDecoder}); every other span is skipped.
 */
public final class SpanDecoder {

  /**
   * Resource keys of the OpenTelemetry k8s semantic conventions (set via the Downward API, see
   * docs/spans.md).
   */
  static final String K8S_NAMESPACE = "k8s.namespace.name";

  static final String K8S_POD = "k8s.pod.name";

  private static final String CONNECTION_HEADER = REQUEST_HEADER_PREFIX + "connection";

  /** ingress-nginx's {@code $req_id}, sent upstream as {@code X-Request-ID}. */
  static final String REQUEST_ID_HEADER = REQUEST_HEADER_PREFIX + "x-request-id";

  /**
   * Longer string attributes are cut: every value is held in memory for up to an hour, and no
   * legitimate host, pod name or path the rules look at is longer (DNS names: 253).
   */
  static final int MAX_STRING_CHARS = 256;

  /** A longer connection id is not the agent's (a UUID): the span is skipped. */
  static final int MAX_CONNECTION_ID_CHARS = 128;

  private static final int MAX_HEADER_VALUES = 8;

  /**
   * The decoded observations, how many spans were looked at but skipped, how many idle times were
   * dropped as impossible (negative, absurd, longer than the connection: a clock jumped), and how
   * many spans of nginx's scope were looked at and how many of them kept.
   */
  public record Result(
      List<Observation> observations,
      int received,
      int skipped,
      int idleDropped,
      int nginxSpans,
      int nginxKept) {
    public Result(List<Observation> observations, int received, int skipped) {
      this(observations, received, skipped, 0, 0, 0);
    }
  }

  public Result decode(ExportTraceServiceRequest request) {
    List<Observation> out = new ArrayList<>();
    int received = 0;
    int skipped = 0;
    int[] idleDropped = {0};
    int nginx = 0;
    int nginxKept = 0;
    for (ResourceSpans rs : request.getResourceSpansList()) {
      SpanSourceBuilder resource = null;
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        received += ss.getSpansCount();
        // Checked once per scope, before any span is looked at: other scopes cost a string
        // compare or two.
        String scope = ss.getScope().getName();
        boolean nginxScope = NginxSpanDecoder.SCOPE_NAME.equals(scope);
        if (!SCOPE_NAME.equals(scope) && !nginxScope) {
          skipped += ss.getSpansCount();
          continue;
        }
        if (resource == null) {
          resource = SpanSourceBuilder.of(rs.getResource());
        }
        if (nginxScope) {
          nginx += ss.getSpansCount();
          SpanSource pod = resource.withLocalAddress(null);
          for (Span span : ss.getSpansList()) {
            ProxyObservation o = NginxSpanDecoder.decode(span, pod);
            if (o == null) {
              skipped++;
            } else {
              nginxKept++;
              out.add(o);
            }
          }
          continue;
        }
        for (Span span : ss.getSpansList()) {
          Observation o = decode(span, resource, idleDropped);
          if (o == null) {
            skipped++;
          } else {
            out.add(o);
          }
        }
      }
    }
    return new Result(List.copyOf(out), received, skipped, idleDropped[0], nginx, nginxKept);
  }

  private static Observation decode(Span span, SpanSourceBuilder resource, int[] idleDropped) {
    boolean handshake = HANDSHAKE_SPAN.equals(span.getName());
    if (!handshake && !CLOSE_SPAN.equals(span.getName())) {
      return null;
    }
    // Sized for all attributes: the agent's ~20 would otherwise resize the map once per span.
    Map<String, AnyValue> a = new HashMap<>(span.getAttributesCount() * 4 / 3 + 1);
    for (KeyValue kv : span.getAttributesList()) {
      a.put(kv.getKey(), kv.getValue());
    }
    AnyValue id = a.get(CONNECTION_ID);
    if (id != null && id.getStringValue().length() > MAX_CONNECTION_ID_CHARS) {
      return null;
    }
    String traceId = HexFormat.of().formatHex(span.getTraceId().toByteArray());
    Instant time =
        nanos(
            span.getEndTimeUnixNano() != 0
                ? span.getEndTimeUnixNano()
                : span.getStartTimeUnixNano());
    SpanSource source = resource.withLocalAddress(string(a, NETWORK_LOCAL_ADDRESS));
    if (handshake) {
      return new HandshakeObservation(
          traceId,
          string(a, CONNECTION_ID),
          source,
          string(a, SERVER_ADDRESS),
          string(a, URL_PATH),
          string(a, NETWORK_PROTOCOL_VERSION),
          string(a, HANDSHAKE_OUTCOME),
          string(a, HANDSHAKE_REJECTION),
          integer(a, HTTP_RESPONSE_STATUS_CODE),
          bool(a, KEEP_ALIVE),
          strings(a, CONNECTION_HEADER),
          first(strings(a, REQUEST_ID_HEADER)),
          span.getParentSpanId().isEmpty()
              ? null
              : HexFormat.of().formatHex(span.getParentSpanId().toByteArray()),
          time);
    }
    Long duration = integer(a, CONNECTION_DURATION_MS);
    Long received = integer(a, IDLE_RECEIVED_MS);
    Long sent = integer(a, IDLE_SENT_MS);
    IdleEvidence idle = IdleEvidence.decoded(received, sent, bool(a, PING_SENT), duration);
    idleDropped[0] += IdleEvidence.dropped(received, sent, idle);
    return new CloseObservation(
        traceId,
        string(a, CONNECTION_ID),
        source,
        string(a, SERVER_ADDRESS),
        string(a, URL_PATH),
        string(a, NETWORK_PROTOCOL_VERSION),
        integer(a, CLOSE_CODE),
        string(a, CLOSE_INITIATOR),
        string(a, CLOSE_CAUSE),
        duration,
        bool(a, CLOSE_EARLY),
        idle,
        time);
  }

  private static Instant nanos(long n) {
    return Instant.ofEpochSecond(n / 1_000_000_000L, n % 1_000_000_000L);
  }

  private static String string(Map<String, AnyValue> a, String key) {
    AnyValue v = a.get(key);
    return v != null && v.hasStringValue() ? cut(v.getStringValue()) : null;
  }

  private static Long integer(Map<String, AnyValue> a, String key) {
    AnyValue v = a.get(key);
    if (v == null) {
      return null;
    }
    if (v.hasIntValue()) {
      return v.getIntValue();
    }
    if (v.hasDoubleValue()) {
      return (long) v.getDoubleValue();
    }
    return null;
  }

  private static Boolean bool(Map<String, AnyValue> a, String key) {
    AnyValue v = a.get(key);
    return v != null && v.hasBoolValue() ? v.getBoolValue() : null;
  }

  private static List<String> strings(Map<String, AnyValue> a, String key) {
    AnyValue v = a.get(key);
    if (v == null) {
      return List.of();
    }
    if (v.hasStringValue()) {
      return List.of(cut(v.getStringValue()));
    }
    List<String> out = new ArrayList<>();
    for (AnyValue e : v.getArrayValue().getValuesList()) {
      if (e.hasStringValue() && out.size() < MAX_HEADER_VALUES) {
        out.add(cut(e.getStringValue()));
      }
    }
    return out;
  }

  private static String first(List<String> values) {
    return values.isEmpty() ? null : values.get(0);
  }

  static String cut(String s) {
    return s == null || s.length() <= MAX_STRING_CHARS ? s : s.substring(0, MAX_STRING_CHARS);
  }

  /** Resource attributes of one ResourceSpans, read once for all its spans. */
  private record SpanSourceBuilder(String namespace, String pod) {
    static SpanSourceBuilder of(Resource r) {
      String ns = null;
      String pod = null;
      for (KeyValue kv : r.getAttributesList()) {
        if (K8S_NAMESPACE.equals(kv.getKey())) {
          ns = cut(kv.getValue().getStringValue());
        } else if (K8S_POD.equals(kv.getKey())) {
          pod = cut(kv.getValue().getStringValue());
        }
      }
      return new SpanSourceBuilder(ns, pod);
    }

    SpanSource withLocalAddress(String ip) {
      return new SpanSource(namespace, pod, ip);
    }
  }
}
