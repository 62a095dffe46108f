package io.wsaudit.operator.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.wsaudit.operator.serving.JdkHttpServers;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * Serves {@code /healthz} (the process is alive), {@code /readyz} (started and caches synced) and
 * {@code /metrics}.
 */
public final class OpsServer implements AutoCloseable {

  /**
   * Its own server and threads, apart from OTLP: no export load can delay a probe. Several threads,
   * so a few slow clients (cut off after the JDK server's request timeout) cannot either.
   */
  private static final int THREADS = 16;

  private final JdkHttpServers.Created created;
  private final HttpServer server;

  public OpsServer(
      String bindAddress,
      int port,
      OperatorMetrics metrics,
      BooleanSupplier alive,
      BooleanSupplier ready)
      throws IOException {
    created = JdkHttpServers.create(new InetSocketAddress(bindAddress, port), THREADS, "ops-http");
    server = created.server();
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
    created.stop();
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
