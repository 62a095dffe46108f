package io.wsaudit.operator.testing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.wsaudit.contract.WsAuditSpans;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Builds spans the way the wsaudit agent emits them (docs/spans.md), keyed by the contract
 * constants, for sending through the OpenTelemetry SDK's real OTLP exporters.
 */
public final class WsSpans {

  private Resource resource = Resource.getDefault();
  private String scope = WsAuditSpans.SCOPE_NAME;
  private String localAddress;
  private String host = "chat.example.com";
  private String path = "/ws";
  private String protocolVersion = "1.1";
  private List<String> connectionHeader = List.of("upgrade");
  private List<String> requestIds = List.of();
  private Instant time = Instant.now();
  private String closeInitiator = WsAuditSpans.Initiator.SERVER;
  private String closeCause = WsAuditSpans.Cause.KEEP_ALIVE;
  private long closeCode = WsAuditSpans.ABNORMAL_CLOSE_CODE;
  private Duration quiet;
  private List<SpanContext> parents = List.of();

  public static WsSpans fromPod(String namespace, String pod) {
    WsSpans s = new WsSpans();
    s.resource = Resource.getDefault().merge(pod(namespace, pod));
    return s;
  }

  /** The resource attributes naming a pod, as the Downward API or k8sattributes set them. */
  static Resource pod(String namespace, String pod) {
    return Resource.create(
        Attributes.of(
            AttributeKey.stringKey("k8s.namespace.name"),
            namespace,
            AttributeKey.stringKey("k8s.pod.name"),
            pod));
  }

  /**
   * Spans whose resource says nothing about Kubernetes: the operator must go by the local address
   * (pod IP).
   */
  public static WsSpans fromAddress(String podIp) {
    WsSpans s = new WsSpans();
    s.localAddress = podIp;
    return s;
  }

  public WsSpans scope(String name) {
    this.scope = name;
    return this;
  }

  public WsSpans localAddress(String ip) {
    this.localAddress = ip;
    return this;
  }

  public WsSpans host(String host) {
    this.host = host;
    return this;
  }

  public WsSpans path(String path) {
    this.path = path;
    return this;
  }

  public WsSpans http(String version) {
    this.protocolVersion = version;
    return this;
  }

  public WsSpans connectionHeader(String... values) {
    this.connectionHeader = List.of(values);
    return this;
  }

  /**
   * Close spans end with this initiator, cause and code, quiet for {@code quiet} in both directions
   * before the close ({@code websocket.idle.*}); null leaves the idle keys out, as an older agent
   * does.
   */
  public WsSpans closed(String initiator, String cause, long code, Duration quiet) {
    this.closeInitiator = initiator;
    this.closeCause = cause;
    this.closeCode = code;
    this.quiet = quiet;
    return this;
  }

  /**
   * Dropped by a proxy's timer (1006, eof, the transport's doing) after {@code quiet} of silence.
   */
  public WsSpans cutByTransport(Duration quiet) {
    return closed(
        WsAuditSpans.Initiator.TRANSPORT,
        WsAuditSpans.Cause.EOF,
        WsAuditSpans.ABNORMAL_CLOSE_CODE,
        quiet);
  }

  /** Closed normally by the client (1000) after {@code quiet} of silence. */
  public WsSpans closedByClient(Duration quiet) {
    return closed(WsAuditSpans.Initiator.CLIENT, WsAuditSpans.Cause.CLIENT, 1000, quiet);
  }

  /**
   * The i-th connection's handshake carries {@code X-Request-ID: ids[i]} ({@code
   * http.request.header.x-request-id}), as ingress-nginx sends its {@code $req_id}.
   */
  public WsSpans requestIds(String... ids) {
    this.requestIds = List.of(ids);
    return this;
  }

  /**
   * The i-th connection's handshake is a child of {@code parents[i]}: the request carried its
   * {@code traceparent}, as ingress-nginx's OpenTelemetry module sends upstream.
   */
  public WsSpans childrenOf(List<SpanContext> parents) {
    this.parents = List.copyOf(parents);
    return this;
  }

  public WsSpans at(Instant t) {
    this.time = t;
    return this;
  }

  /**
   * n connections upgraded and closed by the server after {@code openFor} (early when below the
   * threshold).
   */
  public List<SpanData> upgradedThenClosed(int n, Duration openFor) {
    List<SpanData> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      SpanContext parent = i < parents.size() ? parents.get(i) : SpanContext.getInvalid();
      String traceId = parent.isValid() ? parent.getTraceId() : randomHex(16);
      String conn = "conn-" + randomHex(4);
      SpanContext hs = sampledIn(traceId);
      out.add(
          handshake(
              hs,
              parent,
              conn,
              WsAuditSpans.Outcome.UPGRADED,
              null,
              101,
              i < requestIds.size() ? requestIds.get(i) : null));
      out.add(close(hs, conn, openFor));
    }
    return out;
  }

  /** n handshakes the server refused. */
  public List<SpanData> rejected(int n, String rejection) {
    List<SpanData> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      SpanContext hs = sampledIn(randomHex(16));
      out.add(
          handshake(
              hs,
              SpanContext.getInvalid(),
              "conn-" + randomHex(4),
              WsAuditSpans.Outcome.REJECTED,
              rejection,
              400,
              null));
    }
    return out;
  }

  private SpanData handshake(
      SpanContext ctx,
      SpanContext parent,
      String conn,
      String outcome,
      String rejection,
      long status,
      String requestId) {
    AttributesBuilder a =
        Attributes.builder()
            .put(WsAuditSpans.HTTP_REQUEST_METHOD, "GET")
            .put(WsAuditSpans.URL_PATH, path)
            .put(WsAuditSpans.NETWORK_PROTOCOL_VERSION, protocolVersion)
            .put(WsAuditSpans.HTTP_RESPONSE_STATUS_CODE, status)
            .put(WsAuditSpans.SERVER_ADDRESS, host)
            .put(WsAuditSpans.HANDSHAKE_OUTCOME, outcome)
            .put(WsAuditSpans.CONNECTION_ID, conn)
            .put(WsAuditSpans.SERVER, "undertow-2.3")
            .put(
                AttributeKey.stringArrayKey(WsAuditSpans.REQUEST_HEADER_PREFIX + "connection"),
                connectionHeader)
            .put(
                AttributeKey.stringArrayKey(WsAuditSpans.REQUEST_HEADER_PREFIX + "upgrade"),
                List.of("websocket"));
    if (localAddress != null) {
      a.put(WsAuditSpans.NETWORK_LOCAL_ADDRESS, localAddress);
    }
    if (requestId != null) {
      a.put(
          AttributeKey.stringArrayKey(WsAuditSpans.REQUEST_HEADER_PREFIX + "x-request-id"),
          List.of(requestId));
    }
    if (rejection != null) {
      a.put(WsAuditSpans.HANDSHAKE_REJECTION, rejection);
    }
    long start = nanos(time);
    return finished(
        resource,
        scopeInfo(),
        ctx,
        parent,
        WsAuditSpans.HANDSHAKE_SPAN,
        SpanKind.SERVER,
        start,
        start + TimeUnit.MILLISECONDS.toNanos(2),
        a.build(),
        rejection == null ? StatusData.unset() : StatusData.error());
  }

  private SpanData close(SpanContext parent, String conn, Duration openFor) {
    SpanContext ctx = sampledIn(parent.getTraceId());
    boolean early = openFor.compareTo(Duration.ofSeconds(1)) < 0;
    AttributesBuilder b =
        Attributes.builder()
            .put(WsAuditSpans.CONNECTION_ID, conn)
            .put(WsAuditSpans.CLOSE_CODE, closeCode)
            .put(WsAuditSpans.CLOSE_INITIATOR, closeInitiator)
            .put(WsAuditSpans.CLOSE_CAUSE, closeCause)
            .put(WsAuditSpans.CONNECTION_DURATION_MS, openFor.toMillis())
            .put(WsAuditSpans.CLOSE_EARLY, early)
            .put(WsAuditSpans.NETWORK_PROTOCOL_VERSION, protocolVersion)
            .put(WsAuditSpans.URL_PATH, path)
            .put(WsAuditSpans.SERVER_ADDRESS, host);
    if (quiet != null) {
      b.put(WsAuditSpans.IDLE_RECEIVED_MS, quiet.toMillis())
          .put(WsAuditSpans.IDLE_SENT_MS, quiet.toMillis())
          .put(WsAuditSpans.PING_SENT, false);
    }
    Attributes a = b.build();
    long end = nanos(time) + openFor.toNanos();
    return finished(
        resource,
        scopeInfo(),
        ctx,
        parent,
        WsAuditSpans.CLOSE_SPAN,
        SpanKind.INTERNAL,
        end,
        end,
        a,
        early ? StatusData.error() : StatusData.unset());
  }

  private InstrumentationScopeInfo scopeInfo() {
    return InstrumentationScopeInfo.builder(scope).setVersion("0.1.0").build();
  }

  /** A sampled span context in {@code traceId} with a new span id. */
  static SpanContext sampledIn(String traceId) {
    return SpanContext.create(
        traceId, randomHex(8), TraceFlags.getSampled(), TraceState.getDefault());
  }

  /** An ended span as the SDK hands it to an exporter: no events, no links. */
  static SpanData finished(
      Resource resource,
      InstrumentationScopeInfo scope,
      SpanContext ctx,
      SpanContext parent,
      String name,
      SpanKind kind,
      long start,
      long end,
      Attributes a,
      StatusData status) {
    return TestSpanData.builder()
        .setSpanContext(ctx)
        .setParentSpanContext(parent)
        .setResource(resource)
        .setInstrumentationScopeInfo(scope)
        .setName(name)
        .setKind(kind)
        .setStartEpochNanos(start)
        .setEndEpochNanos(end)
        .setAttributes(a)
        .setStatus(status)
        .setHasEnded(true)
        .setTotalRecordedEvents(0)
        .setTotalRecordedLinks(0)
        .setTotalAttributeCount(a.size())
        .build();
  }

  static long nanos(Instant t) {
    return TimeUnit.SECONDS.toNanos(t.getEpochSecond()) + t.getNano();
  }

  static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(b);
    b[0] |= 1; // never all zero: an all-zero ID is invalid in OTLP
    return HexFormat.of().formatHex(b);
  }
}
