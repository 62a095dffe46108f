package io.wsaudit.testkit.otlp;

import static io.wsaudit.testkit.otlp.OtlpAttributes.kv;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import io.wsaudit.testkit.process.DaemonThreads;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for the OpenTelemetry Collector (whose binary is not installable here) in front of an
 * ingress-nginx controller pod: it tails files, one record per line, and POSTs OTLP/HTTP protobuf
 * {@code ExportLogsServiceRequest}s to {@code /v1/logs} with a bearer token — what the Collector's
 * {@code filelog} receiver (container parser) and {@code k8sattributes} processor send: the body is
 * the raw line, the record carries {@code log.iostream} ({@code stdout} for nginx's access log,
 * {@code stderr} for its error log) and {@code log.file.path}, the resource names the pod ({@code
 * k8s.namespace.name}, {@code k8s.pod.name}, {@code k8s.container.name}). Every flush interval it
 * ships what the files gained, at most {@code maxBatch} records a request; a batch the receiver
 * refuses is counted and dropped (the Collector would retry).
 */
public final class LogShipper implements AutoCloseable {

  /** Bytes read from one file per pass: bounds memory when a file grows fast. */
  private static final int READ_CHUNK = 1 << 20;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final URI endpoint;
  private final String token;
  private final Resource resource;
  private final Map<FileTail, String> sources;
  private final int maxBatch;
  private final ScheduledExecutorService timer;
  private final AtomicLong shipped = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final List<String> errors = new CopyOnWriteArrayList<>();

  private LogShipper(Builder b) {
    this.endpoint = URI.create(b.baseUrl.replaceAll("/+$", "") + "/v1/logs");
    this.token = b.token;
    this.resource =
        Resource.newBuilder()
            .addAttributes(kv("k8s.namespace.name", b.namespace))
            .addAttributes(kv("k8s.pod.name", b.pod))
            .addAttributes(kv("k8s.container.name", b.container))
            .build();
    this.sources = new LinkedHashMap<>();
    b.files.forEach((file, stream) -> sources.put(new FileTail(file), stream));
    this.maxBatch = b.maxBatch;
    this.timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("log-shipper"));
    timer.scheduleWithFixedDelay(
        this::shipQuietly, 0, b.flushInterval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Ships to the OTLP/HTTP base URL {@code baseUrl} (the {@code /v1/logs} is added). */
  public static Builder to(String baseUrl) {
    return new Builder(baseUrl);
  }

  private void shipQuietly() {
    try {
      ship();
    } catch (IOException | RuntimeException e) {
      errors.add(e.toString());
    }
  }

  /**
   * One pass: every source's new lines, in batches; on the timer thread, or on close once it
   * stopped.
   */
  private void ship() throws IOException {
    for (Map.Entry<FileTail, String> source : sources.entrySet()) {
      List<String> lines;
      do {
        lines = source.getKey().read(READ_CHUNK);
        for (int from = 0; from < lines.size(); from += maxBatch) {
          post(
              lines.subList(from, Math.min(lines.size(), from + maxBatch)),
              source.getValue(),
              source.getKey().file());
        }
      } while (!lines.isEmpty());
    }
  }

  private void post(List<String> lines, String stream, Path file) {
    long now = System.currentTimeMillis() * 1_000_000L;
    ScopeLogs.Builder scope = ScopeLogs.newBuilder();
    for (String line : lines) {
      scope.addLogRecords(
          LogRecord.newBuilder()
              .setTimeUnixNano(now)
              .setObservedTimeUnixNano(now)
              .setBody(AnyValue.newBuilder().setStringValue(line))
              .addAttributes(kv("log.iostream", stream))
              .addAttributes(kv("log.file.path", file.toString())));
    }
    byte[] body =
        ExportLogsServiceRequest.newBuilder()
            .addResourceLogs(ResourceLogs.newBuilder().setResource(resource).addScopeLogs(scope))
            .build()
            .toByteArray();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofSeconds(5))
            .header("Content-Type", "application/x-protobuf")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<Void> r = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
      if (r.statusCode() / 100 == 2) {
        shipped.addAndGet(lines.size());
        return;
      }
      errors.add(endpoint + ": HTTP " + r.statusCode());
    } catch (IOException e) {
      errors.add(endpoint + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    dropped.addAndGet(lines.size());
  }

  /** Records the receiver accepted. */
  public long shipped() {
    return shipped.get();
  }

  /** Records in batches the receiver refused or never got. */
  public long dropped() {
    return dropped.get();
  }

  public List<String> errors() {
    return List.copyOf(errors);
  }

  /** Ships what the files hold now, then stops; bounded (each request has a 5 s timeout). */
  @Override
  public void close() {
    timer.shutdown();
    try {
      if (timer.awaitTermination(15, TimeUnit.SECONDS)) {
        shipQuietly();
      } else {
        timer.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      timer.shutdownNow();
    }
  }

  /** Where to ship, as whom, and what. */
  public static final class Builder {
    private final String baseUrl;
    private final Map<Path, String> files = new LinkedHashMap<>();
    private String token;
    private String namespace = "ingress-nginx";
    private String pod = "ingress-nginx-controller-0";
    private String container = "controller";
    private int maxBatch = 512;
    private Duration flushInterval = Duration.ofMillis(200);

    private Builder(String baseUrl) {
      this.baseUrl = baseUrl;
    }

    /** The bearer token sent as {@code Authorization: Bearer …}; none if never set. */
    public Builder token(String token) {
      this.token = token;
      return this;
    }

    /** The pod the lines come from, as {@code k8sattributes} names it. */
    public Builder pod(String namespace, String pod, String container) {
      this.namespace = namespace;
      this.pod = pod;
      this.container = container;
      return this;
    }

    /** nginx's access log: the controller container's stdout. */
    public Builder stdout(Path file) {
      files.put(file, "stdout");
      return this;
    }

    /** nginx's error log: the controller container's stderr. */
    public Builder stderr(Path file) {
      files.put(file, "stderr");
      return this;
    }

    public Builder maxBatch(int records) {
      if (records < 1) {
        throw new IllegalArgumentException("maxBatch must be at least 1");
      }
      this.maxBatch = records;
      return this;
    }

    public Builder flushInterval(Duration interval) {
      this.flushInterval = interval;
      return this;
    }

    /** Starts tailing from each file's start (the whole file is shipped). */
    public LogShipper start() {
      return new LogShipper(this);
    }
  }
}
