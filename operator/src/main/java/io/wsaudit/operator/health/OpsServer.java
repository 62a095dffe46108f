package io.wsaudit.operator.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * Serves {@code /healthz} (the process is alive), {@code /readyz} (started and caches synced) and
 * {@code /metrics}.
 */
public final class OpsServer implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor;

  public OpsServer(
      String bindAddress,
      int port,
      OperatorMetrics metrics,
      BooleanSupplier alive,
      BooleanSupplier ready)
      throws IOException {
    server = HttpServer.create(new InetSocketAddress(bindAddress, port), 16);
    executor =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "ops-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/healthz", ex -> probe(ex, alive.getAsBoolean()));
    server.createContext("/readyz", ex -> probe(ex, ready.getAsBoolean()));
    server.createContext("/metrics", new MetricsHandler(metrics.registry()));
  }

  public void start() {
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private static void probe(HttpExchange ex, boolean ok) throws IOException {
    try (ex) {
      byte[] body = (ok ? "ok\n" : "not ready\n").getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      ex.sendResponseHeaders(ok ? 200 : 503, body.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(body);
      }
    }
  }
}
