package io.wsaudit.bench.operator;

import static io.wsaudit.bench.operator.OtlpValues.gzip;
import static io.wsaudit.bench.operator.OtlpValues.hex;
import static io.wsaudit.testkit.otlp.OtlpAttributes.kv;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * OTLP logs exports as an OpenTelemetry Collector sends an ingress-nginx controller's access log
 * (filelog receiver with the container parser, k8sattributes, a batch processor: 512 to 8192
 * records a request): 95 % ordinary requests, 5 % WebSocket connections logged when they closed
 * (status 101, {@code $request_time} = their lifetime), each line in ingress-nginx's default {@code
 * log-format-upstream} (kubernetes/ingress-nginx {@code
 * internal/ingress/controller/config/config.go}, {@code logFormatUpstream}).
 */
public final class LogMix {

  /** The WebSocket share of the lines. */
  public static final double UPGRADE_SHARE = 0.05;

  /** Batch sizes cycled through, as a Collector's batch processor fills them under load. */
  static final int[] BATCH_SIZES = {512, 1024, 2048, 4096, 8192};

  static final String NAMESPACE = "ingress-nginx";
  static final String POD = "ingress-nginx-controller-5d88495688-x7k2p";

  private static final DateTimeFormatter TIME_LOCAL =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);
  private static final String[] PATHS = {
    "/", "/api/v1/orders", "/api/v1/orders/18342", "/api/v1/cart?session=7f3a", "/static/app.js",
    "/static/css/main.css", "/healthz", "/api/v1/products?page=3&size=24", "/login", "/favicon.ico"
  };
  private static final String[] METHODS = {"GET", "GET", "GET", "GET", "POST", "PUT", "DELETE"};
  private static final int[] STATUSES = {200, 200, 200, 200, 200, 200, 304, 301, 404, 500, 502};
  private static final String[] AGENTS = {
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0"
        + " Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like"
        + " Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
    "okhttp/4.12.0",
    "Go-http-client/1.1",
    "curl/8.5.0"
  };
  private static final String[] UPSTREAMS = {
    "shop-shop-api-8080", "shop-shop-web-80", "billing-invoices-8443", "search-search-9200"
  };

  /** One pre-encoded request: {@code spans} is its record count, {@code wsauditSpans} its 101s. */
  public static SpanMix.Batch batch(Random random, int size, Instant start) {
    int upgrades = (int) Math.round(size * UPGRADE_SHARE);
    ScopeLogs.Builder scope = ScopeLogs.newBuilder();
    String path = "/var/log/pods/" + NAMESPACE + "_" + POD + "_49cc7c1f/controller/0.log";
    for (int i = 0; i < size; i++) {
      // The WebSocket lines spread through the batch, as they would through the log.
      boolean upgrade = (long) i * upgrades / size != (long) (i + 1) * upgrades / size;
      Instant t = start.plusMillis(i);
      long nanos = t.getEpochSecond() * 1_000_000_000L + t.getNano();
      scope.addLogRecords(
          LogRecord.newBuilder()
              .setTimeUnixNano(nanos)
              .setObservedTimeUnixNano(nanos + 2_000_000)
              .setBody(AnyValue.newBuilder().setStringValue(line(random, t, upgrade) + "\n"))
              .addAttributes(kv("log.iostream", "stdout"))
              .addAttributes(kv("logtag", "F"))
              .addAttributes(kv("log.file.path", path)));
    }
    ExportLogsServiceRequest request =
        ExportLogsServiceRequest.newBuilder()
            .addResourceLogs(ResourceLogs.newBuilder().setResource(resource()).addScopeLogs(scope))
            .build();
    byte[] protobuf = request.toByteArray();
    return new SpanMix.Batch(protobuf, gzip(protobuf), size, upgrades);
  }

  /** {@code n} distinct requests, their sizes cycling through {@link #BATCH_SIZES}. */
  public static List<SpanMix.Batch> batches(long seed, int n) {
    Random random = new Random(seed);
    List<SpanMix.Batch> out = new ArrayList<>(n);
    Instant start = Instant.now().minusSeconds(3600);
    for (int i = 0; i < n; i++) {
      out.add(batch(random, BATCH_SIZES[i % BATCH_SIZES.length], start.plusSeconds(i * 10L)));
    }
    return out;
  }

  /** One access-log line in ingress-nginx's default format. */
  static String line(Random r, Instant t, boolean upgrade) {
    String client = "10.244." + r.nextInt(8) + "." + (1 + r.nextInt(250));
    String upstream = UPSTREAMS[r.nextInt(UPSTREAMS.length)];
    String addr = "10.42." + r.nextInt(4) + "." + (2 + r.nextInt(200)) + ":8080";
    String reqId = hex(bytes(r, 16));
    String agent = AGENTS[r.nextInt(AGENTS.length)];
    if (upgrade) {
      // A lifetime as the rules see them: early closes, the 60 s read timeout, long sessions.
      double seconds =
          switch (r.nextInt(4)) {
            case 0 -> 0.002 + r.nextInt(20) / 1000.0;
            case 1 -> 60.0 + r.nextInt(5) / 1000.0;
            default -> 5 + r.nextInt(3_600_000) / 1000.0;
          };
      String rt = String.format(Locale.ROOT, "%.3f", seconds);
      return String.format(
          Locale.ROOT,
          "%s - - [%s] \"GET /ws/chat?room=%d HTTP/1.1\" 101 %d \"-\" \"%s\" %d %s [%s] [] %s 0 %s"
              + " 101 %s",
          client,
          TIME_LOCAL.format(t),
          r.nextInt(500),
          r.nextInt(40_000),
          agent,
          520 + r.nextInt(200),
          rt,
          upstream,
          addr,
          rt,
          reqId);
    }
    int status = STATUSES[r.nextInt(STATUSES.length)];
    int bytes = status == 304 ? 0 : r.nextInt(60_000);
    String rt = String.format(Locale.ROOT, "%.3f", r.nextInt(900) / 1000.0);
    return String.format(
        Locale.ROOT,
        "%s - %s [%s] \"%s %s HTTP/%s\" %d %d \"%s\" \"%s\" %d %s [%s] [] %s %d %s %d %s",
        client,
        r.nextInt(10) == 0 ? "alice" : "-",
        TIME_LOCAL.format(t),
        METHODS[r.nextInt(METHODS.length)],
        PATHS[r.nextInt(PATHS.length)],
        r.nextInt(5) == 0 ? "2.0" : "1.1",
        status,
        bytes,
        r.nextBoolean() ? "-" : "https://shop.example.com/cart",
        agent,
        300 + r.nextInt(900),
        rt,
        upstream,
        addr,
        bytes,
        rt,
        status,
        reqId);
  }

  /** The controller pod as the container parser and k8sattributes describe it. */
  private static Resource resource() {
    return Resource.newBuilder()
        .addAttributes(kv("k8s.namespace.name", NAMESPACE))
        .addAttributes(kv("k8s.pod.name", POD))
        .addAttributes(kv("k8s.container.name", "controller"))
        .addAttributes(kv("k8s.container.restart_count", "0"))
        .addAttributes(kv("k8s.pod.uid", "49cc7c1f-d370-2c40-b268-6ea7486091d6"))
        .addAttributes(kv("k8s.node.name", "worker-2"))
        .addAttributes(kv("k8s.deployment.name", "ingress-nginx-controller"))
        .addAttributes(kv("k8s.pod.start_time", "2026-11-30T08:12:44Z"))
        .build();
  }

  private static byte[] bytes(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  private LogMix() {}
}
