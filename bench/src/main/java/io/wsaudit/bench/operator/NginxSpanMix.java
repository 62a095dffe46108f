package io.wsaudit.bench.operator;

import static io.wsaudit.bench.operator.OtlpValues.gzip;
import static io.wsaudit.bench.operator.OtlpValues.scope;
import static io.wsaudit.testkit.otlp.OtlpAttributes.kv;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * OTLP trace exports as ingress-nginx's OpenTelemetry module sends them (opentelemetry-cpp-contrib
 * {@code otel_ngx_module}: scope {@code nginx}, one server span per request with the old HTTP
 * attributes, resource {@code service.name=nginx}): 95 % plain requests of varied paths and
 * statuses, 5 % upgrades (101) to one Ingress host, as {@link SpanMix.Batch}es whose {@code
 * wsauditSpans} count the upgrades.
 */
final class NginxSpanMix {

  static final double UPGRADE_SHARE = 0.05;
  private static final String[] PATHS = {"/", "/api/orders", "/api/cart?id=7", "/static/app.js"};
  private static final long[] STATUSES = {200, 200, 200, 304, 404, 502};

  private final Random random = new Random(11);
  private final String host;

  NginxSpanMix(String host) {
    this.host = host;
  }

  List<SpanMix.Batch> batches(int n, int size) {
    List<SpanMix.Batch> out = new ArrayList<>(n);
    int upgrades = (int) Math.ceil(size * UPGRADE_SHARE);
    for (int i = 0; i < n; i++) {
      ScopeSpans.Builder nginx = scope("nginx", "");
      for (int s = 0; s < size; s++) {
        boolean upgrade = s % (size / upgrades) == 0 && s / (size / upgrades) < upgrades;
        nginx.addSpans(
            upgrade
                ? span("/ws?room=" + s, 101, 30_000)
                : span(PATHS[s % PATHS.length], STATUSES[s % STATUSES.length], 4));
      }
      byte[] pb =
          ExportTraceServiceRequest.newBuilder()
              .addResourceSpans(
                  ResourceSpans.newBuilder()
                      .setResource(Resource.newBuilder().addAttributes(kv("service.name", "nginx")))
                      .addScopeSpans(nginx))
              .build()
              .toByteArray();
      out.add(new SpanMix.Batch(pb, gzip(pb), size, upgrades));
    }
    return out;
  }

  private Span span(String target, long status, long lifetimeMs) {
    long end = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
    return Span.newBuilder()
        .setTraceId(ByteString.copyFrom(bytes(16)))
        .setSpanId(ByteString.copyFrom(bytes(8)))
        .setName(target.startsWith("/ws") ? "/ws" : "/")
        .setKind(Span.SpanKind.SPAN_KIND_SERVER)
        .setStartTimeUnixNano(end - TimeUnit.MILLISECONDS.toNanos(lifetimeMs))
        .setEndTimeUnixNano(end)
        .addAttributes(kv("http.method", "GET"))
        .addAttributes(kv("http.flavor", "1.1"))
        .addAttributes(kv("http.target", target))
        .addAttributes(kv("http.server_name", host))
        .addAttributes(kv("http.host", host))
        .addAttributes(kv("http.user_agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0"))
        .addAttributes(kv("http.status_code", status))
        .addAttributes(kv("http.scheme", "https"))
        .addAttributes(kv("net.host.port", 443))
        .addAttributes(kv("net.peer.ip", "10.1.0." + random.nextInt(250)))
        .addAttributes(kv("net.peer.port", 30_000 + random.nextInt(30_000)))
        .build();
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    b[0] |= 1;
    return b;
  }
}
