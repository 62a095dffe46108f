package io.wsaudit.bench.operator;

import static io.wsaudit.bench.operator.OtlpValues.gzip;
import static io.wsaudit.bench.operator.OtlpValues.hex;
import static io.wsaudit.bench.operator.OtlpValues.scope;
import static io.wsaudit.testkit.otlp.OtlpAttributes.kv;
import static io.wsaudit.testkit.otlp.OtlpAttributes.strings;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.testkit.otlp.CloseAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * OTLP trace exports as a service's BatchSpanProcessor sends them (512 spans a request): mostly the
 * spans of the OpenTelemetry Java agent's usual instrumentations (HTTP server, Spring MVC
 * controller, JDBC) with the attribute counts those carry, plus a share of wsaudit handshake/close
 * pairs keyed by the contract constants.
 */
public final class SpanMix {

  /** One pre-encoded request and what it holds. */
  public record Batch(byte[] protobuf, byte[] gzip, int spans, int wsauditSpans) {}

  /** The wsaudit share of the mix: 5 %, in handshake+close pairs (26 of 512). */
  public static final double WSAUDIT_SHARE = 0.05;

  private final Random random;
  private final String namespace;
  private final String pod;
  private final String host;
  private final String protocolVersion;
  private final long openForMs;

  /**
   * @param namespace, pod the resource's k8s attributes (how the operator finds the pod)
   * @param host the handshake's server.address (the Ingress host)
   * @param protocolVersion the handshake's HTTP version ("1.0" is what ingress-nginx sends with
   *     proxy-http-version 1.0)
   * @param openForMs how long each connection stayed open (below 1 s is an early close)
   */
  public SpanMix(
      long seed,
      String namespace,
      String pod,
      String host,
      String protocolVersion,
      long openForMs) {
    this.random = new Random(seed);
    this.namespace = namespace;
    this.pod = pod;
    this.host = host;
    this.protocolVersion = protocolVersion;
    this.openForMs = openForMs;
  }

  /** n distinct requests of {@code size} spans each, a 5 % wsaudit share. */
  public List<Batch> batches(int n, int size) {
    List<Batch> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(batch(size, wsauditShare(size)));
    }
    return out;
  }

  /**
   * Spans of the wsaudit share in a batch of this size, rounded up to whole connections (two spans
   * each).
   */
  static int wsauditShare(int size) {
    int pairs = (int) Math.ceil(size * WSAUDIT_SHARE / 2);
    return 2 * pairs;
  }

  /**
   * A request with {@code wsaudit} wsaudit spans (an even number: handshake+close pairs) among
   * {@code size}.
   */
  public Batch batch(int size, int wsaudit) {
    long now = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
    ScopeSpans.Builder http = scope("io.opentelemetry.tomcat-10.0", "2.31.0-alpha");
    ScopeSpans.Builder mvc = scope("io.opentelemetry.spring-webmvc-6.0", "2.31.0-alpha");
    ScopeSpans.Builder jdbc = scope("io.opentelemetry.jdbc", "2.31.0-alpha");
    int foreign = size - wsaudit;
    // A request trace: one server span, one controller span, and JDBC calls under it (4 spans a
    // request here).
    for (int i = 0; i < foreign; i++) {
      byte[] trace = bytes(16);
      long start = now - TimeUnit.MILLISECONDS.toNanos(random.nextInt(5_000));
      switch (i % 4) {
        case 0 -> http.addSpans(httpServer(trace, start));
        case 1 -> mvc.addSpans(controller(trace, start));
        default -> jdbc.addSpans(jdbcCall(trace, start));
      }
    }
    ScopeSpans.Builder ours = scope(WsAuditSpans.SCOPE_NAME, "0.1.0");
    for (int i = 0; i < wsaudit / 2; i++) {
      byte[] trace = bytes(16);
      String conn = "c" + Long.toHexString(random.nextLong() & Long.MAX_VALUE);
      long start = now - TimeUnit.MILLISECONDS.toNanos(openForMs + 10);
      Span hs = handshake(trace, conn, start);
      ours.addSpans(hs);
      ours.addSpans(
          close(trace, hs.getSpanId(), conn, start + TimeUnit.MILLISECONDS.toNanos(openForMs)));
    }
    ResourceSpans.Builder rs = ResourceSpans.newBuilder().setResource(resource());
    for (ScopeSpans.Builder s : List.of(http, mvc, jdbc, ours)) {
      if (s.getSpansCount() > 0) {
        rs.addScopeSpans(s);
      }
    }
    byte[] pb = ExportTraceServiceRequest.newBuilder().addResourceSpans(rs).build().toByteArray();
    return new Batch(pb, gzip(pb), size, wsaudit);
  }

  private Resource resource() {
    return Resource.newBuilder()
        .addAttributes(kv("service.name", "shop-api"))
        .addAttributes(kv("service.version", "4.12.0"))
        .addAttributes(kv("service.instance.id", "5f0c8a2e-8f43-4b6e-9a55-1f0e5c7a9d21"))
        .addAttributes(kv("telemetry.sdk.name", "opentelemetry"))
        .addAttributes(kv("telemetry.sdk.language", "java"))
        .addAttributes(kv("telemetry.sdk.version", "1.55.0"))
        .addAttributes(kv("telemetry.distro.name", "opentelemetry-java-instrumentation"))
        .addAttributes(kv("telemetry.distro.version", "2.31.0"))
        .addAttributes(kv("host.name", pod))
        .addAttributes(kv("host.arch", "amd64"))
        .addAttributes(kv("os.type", "linux"))
        .addAttributes(kv("os.description", "Linux 6.1.0-27-cloud-amd64"))
        .addAttributes(kv("process.pid", 1))
        .addAttributes(kv("process.runtime.name", "OpenJDK Runtime Environment"))
        .addAttributes(kv("process.runtime.version", "17.0.15+6"))
        .addAttributes(kv("process.executable.path", "/opt/java/openjdk/bin/java"))
        .addAttributes(kv("container.id", hex(bytes(32))))
        .addAttributes(kv("k8s.namespace.name", namespace))
        .addAttributes(kv("k8s.pod.name", pod))
        .addAttributes(kv("k8s.deployment.name", "shop-api"))
        .build();
  }

  private Span httpServer(byte[] trace, long start) {
    String route = "/api/orders/{id}";
    return onRequestThread(
        span(trace, new byte[0], "GET " + route, Span.SpanKind.SPAN_KIND_SERVER, start, 12)
            .addAttributes(kv("http.request.method", "GET"))
            .addAttributes(kv("url.path", "/api/orders/" + random.nextInt(100_000)))
            .addAttributes(kv("url.scheme", "http"))
            .addAttributes(kv("url.query", "expand=items&page=" + random.nextInt(20)))
            .addAttributes(kv("http.route", route))
            .addAttributes(kv("http.response.status_code", 200))
            .addAttributes(kv("network.protocol.version", "1.1"))
            .addAttributes(kv("server.address", "shop-api.shop.svc"))
            .addAttributes(kv("server.port", 8080))
            .addAttributes(kv("client.address", "10.42.3." + random.nextInt(250)))
            .addAttributes(kv("network.peer.address", "10.42.3." + random.nextInt(250)))
            .addAttributes(kv("network.peer.port", 30_000 + random.nextInt(30_000)))
            .addAttributes(
                kv(
                    "user_agent.original",
                    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like "
                        + "Gecko) Chrome/131.0.0.0 Safari/537.36")));
  }

  private Span controller(byte[] trace, long start) {
    return onRequestThread(
        span(trace, bytes(8), "OrderController.get", Span.SpanKind.SPAN_KIND_INTERNAL, start, 10)
            .addAttributes(kv("code.namespace", "com.example.shop.OrderController"))
            .addAttributes(kv("code.function", "get")));
  }

  private Span jdbcCall(byte[] trace, long start) {
    return onRequestThread(
        span(trace, bytes(8), "SELECT shop.orders", Span.SpanKind.SPAN_KIND_CLIENT, start, 2)
            .addAttributes(kv("db.system", "postgresql"))
            .addAttributes(kv("db.name", "shop"))
            .addAttributes(kv("db.user", "shop_api"))
            .addAttributes(kv("db.connection_string", "postgresql://postgres.shop.svc:5432"))
            .addAttributes(
                kv(
                    "db.statement",
                    "select o.id, o.customer_id, o.total, o.state, o.created_at from orders o"
                        + " where o.id = ? and o.tenant_id = ?"))
            .addAttributes(kv("db.operation", "SELECT"))
            .addAttributes(kv("db.sql.table", "orders"))
            .addAttributes(kv("server.address", "postgres.shop.svc"))
            .addAttributes(kv("server.port", 5432)));
  }

  private Span handshake(byte[] trace, String conn, long start) {
    return span(
            trace,
            new byte[0],
            WsAuditSpans.HANDSHAKE_SPAN,
            Span.SpanKind.SPAN_KIND_SERVER,
            start,
            2)
        .addAttributes(kv(WsAuditSpans.HTTP_REQUEST_METHOD, "GET"))
        .addAttributes(kv(WsAuditSpans.URL_PATH, "/ws"))
        .addAttributes(kv(WsAuditSpans.NETWORK_PROTOCOL_VERSION, protocolVersion))
        .addAttributes(kv(WsAuditSpans.HTTP_RESPONSE_STATUS_CODE, 101))
        .addAttributes(kv(WsAuditSpans.SERVER_ADDRESS, host))
        .addAttributes(kv(WsAuditSpans.CLIENT_ADDRESS, "203.0.113." + random.nextInt(250)))
        .addAttributes(kv(WsAuditSpans.NETWORK_PEER_ADDRESS, "10.42.0." + random.nextInt(250)))
        .addAttributes(kv(WsAuditSpans.NETWORK_PEER_PORT, 30_000 + random.nextInt(30_000)))
        .addAttributes(
            kv(WsAuditSpans.USER_AGENT_ORIGINAL, "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0"))
        .addAttributes(kv(WsAuditSpans.HANDSHAKE_OUTCOME, WsAuditSpans.Outcome.UPGRADED))
        .addAttributes(kv(WsAuditSpans.CONNECTION_ID, conn))
        .addAttributes(kv(WsAuditSpans.SERVER, "undertow-2.3"))
        .addAttributes(strings(WsAuditSpans.REQUEST_HEADER_PREFIX + "connection", "upgrade"))
        .addAttributes(strings(WsAuditSpans.REQUEST_HEADER_PREFIX + "upgrade", "websocket"))
        .build();
  }

  private Span close(byte[] trace, ByteString parent, String conn, long end) {
    boolean early = openForMs < 1_000;
    Span.Builder s =
        span(
                trace,
                parent.toByteArray(),
                WsAuditSpans.CLOSE_SPAN,
                Span.SpanKind.SPAN_KIND_INTERNAL,
                end,
                0)
            .addAllAttributes(
                new CloseAttributes(
                        conn,
                        early ? WsAuditSpans.ABNORMAL_CLOSE_CODE : 1000,
                        early ? WsAuditSpans.Initiator.SERVER : WsAuditSpans.Initiator.CLIENT,
                        early ? WsAuditSpans.Cause.KEEP_ALIVE : WsAuditSpans.Cause.CLIENT,
                        openForMs,
                        early,
                        protocolVersion,
                        "/ws",
                        host)
                    .keyValues());
    if (early) {
      s.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR));
    }
    return s.build();
  }

  /** The thread attributes of the app's request pool, last, then the span. */
  private Span onRequestThread(Span.Builder b) {
    return b.addAttributes(kv("thread.id", 40 + random.nextInt(200)))
        .addAttributes(kv("thread.name", "http-nio-8080-exec-" + random.nextInt(200)))
        .build();
  }

  private Span.Builder span(
      byte[] trace, byte[] parent, String name, Span.SpanKind kind, long start, int ms) {
    return Span.newBuilder()
        .setTraceId(ByteString.copyFrom(trace))
        .setSpanId(ByteString.copyFrom(bytes(8)))
        .setParentSpanId(ByteString.copyFrom(parent))
        .setName(name)
        .setKind(kind)
        .setFlags(0x101)
        .setStartTimeUnixNano(start)
        .setEndTimeUnixNano(start + TimeUnit.MILLISECONDS.toNanos(ms));
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    b[0] |= 1; // an all-zero ID is invalid in OTLP
    return b;
  }
}
