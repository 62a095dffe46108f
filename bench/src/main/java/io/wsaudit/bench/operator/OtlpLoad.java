package io.wsaudit.bench.operator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Posts pre-encoded OTLP/HTTP trace exports as fast as the receiver answers, from several workers
 * (each one request in flight, like one exporter), for a bounded time. Nothing is encoded while
 * timing.
 */
public final class OtlpLoad {

  /** What one timed phase did. */
  public record Result(long requests, long spans, long wsauditSpans, long failed, double seconds) {
    public double spansPerSecond() {
      return seconds > 0 ? spans / seconds : Double.NaN;
    }
  }

  private OtlpLoad() {}

  /**
   * @param endpoint e.g. http://127.0.0.1:4318/v1/traces
   * @param gzip send the gzip bodies with Content-Encoding: gzip
   */
  public static Result run(
      String endpoint, List<SpanMix.Batch> batches, boolean gzip, int workers, Duration duration)
      throws Exception {
    // One HTTP/1.1 client per worker, so each holds its own keep-alive connection as separate
    // exporters would.
    List<HttpClient> clients = new ArrayList<>();
    for (int i = 0; i < workers; i++) {
      clients.add(
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(5))
              .build());
    }
    URI uri = URI.create(endpoint);
    AtomicLong requests = new AtomicLong();
    AtomicLong spans = new AtomicLong();
    AtomicLong wsaudit = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            workers,
            r -> {
              Thread t = new Thread(r, "otlp-load");
              t.setDaemon(true);
              return t;
            });
    long start = System.nanoTime();
    long deadline = start + duration.toNanos();
    try {
      List<Future<?>> running = new ArrayList<>();
      for (HttpClient client : clients) {
        running.add(
            pool.submit(
                () -> {
                  while (System.nanoTime() < deadline) {
                    SpanMix.Batch b =
                        batches.get(Math.floorMod(next.getAndIncrement(), batches.size()));
                    HttpRequest.Builder req =
                        HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/x-protobuf")
                            .POST(
                                HttpRequest.BodyPublishers.ofByteArray(
                                    gzip ? b.gzip() : b.protobuf()));
                    if (gzip) {
                      req.header("Content-Encoding", "gzip");
                    }
                    try {
                      HttpResponse<Void> r =
                          client.send(req.build(), HttpResponse.BodyHandlers.discarding());
                      if (r.statusCode() == 200) {
                        requests.incrementAndGet();
                        spans.addAndGet(b.spans());
                        wsaudit.addAndGet(b.wsauditSpans());
                      } else {
                        failed.incrementAndGet();
                      }
                    } catch (Exception e) {
                      if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                        return null;
                      }
                      failed.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : running) {
        f.get(duration.toMillis() + 30_000, java.util.concurrent.TimeUnit.MILLISECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(requests.get(), spans.get(), wsaudit.get(), failed.get(), seconds);
  }
}
