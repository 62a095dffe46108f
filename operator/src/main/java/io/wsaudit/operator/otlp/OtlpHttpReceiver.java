package io.wsaudit.operator.otlp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OTLP/HTTP trace receiver: {@code POST /v1/traces} with protobuf or JSON bodies, optionally
 * gzip-compressed (OpenTelemetry protocol specification, "OTLP/HTTP"). Built on the JDK's HTTP
 * server: one endpoint needs no more.
 */
public final class OtlpHttpReceiver implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OtlpHttpReceiver.class);
  static final String PATH = "/v1/traces";
  private static final String PROTOBUF = "application/x-protobuf";
  private static final String JSON = "application/json";
  private static final String TRANSPORT = "http";

  private final OtlpIngest ingest;
  private final int maxBodyBytes;
  private final BearerToken bearerToken;
  private final HttpServer server;
  private final ExecutorService executor;

  public OtlpHttpReceiver(
      String bindAddress,
      int port,
      int maxBodyBytes,
      Optional<String> bearerToken,
      OtlpIngest ingest)
      throws IOException {
    this.ingest = ingest;
    this.maxBodyBytes = maxBodyBytes;
    this.bearerToken = new BearerToken(bearerToken);
    this.server = HttpServer.create(new InetSocketAddress(bindAddress, port), 64);
    // A few threads: decoding is cheap and the sink only queues, so more threads would only add
    // memory.
    this.executor =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "otlp-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  public void start() {
    server.start();
    LOG.info("OTLP/HTTP receiver listening on {}", server.getAddress());
  }

  /** The port actually bound (useful when 0 was asked for). */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange ex) {
    try (ex) {
      if (!PATH.equals(ex.getRequestURI().getPath())) {
        respond(ex, 404, "not found");
        return;
      }
      if (!"POST".equals(ex.getRequestMethod())) {
        ex.getResponseHeaders().add("Allow", "POST");
        respond(ex, 405, "use POST");
        return;
      }
      if (!bearerToken.accepts(ex.getRequestHeaders().getFirst("Authorization"))) {
        reject(ex, 401, "unauthorized", "missing or wrong bearer token");
        return;
      }
      String type = mediaType(ex.getRequestHeaders().getFirst("Content-Type"));
      if (!PROTOBUF.equals(type) && !JSON.equals(type)) {
        reject(
            ex, 415, "unsupported_media_type", "Content-Type must be " + PROTOBUF + " or " + JSON);
        return;
      }
      byte[] body;
      try {
        body = readBody(ex);
      } catch (TooLargeException e) {
        reject(ex, 413, "too_large", "body larger than " + maxBodyBytes + " bytes");
        return;
      } catch (ZipException | EOFException e) {
        reject(ex, 400, "bad_request", "Content-Encoding gzip but the body is not gzip");
        return;
      }
      ExportTraceServiceRequest request;
      int foreignSpans = 0;
      try {
        if (JSON.equals(type)) {
          request = OtlpJson.parse(body);
        } else {
          // Only wsaudit's scopes are parsed into messages; the rest is counted on the wire.
          ScopeFilter.Filtered filtered = ScopeFilter.parse(body);
          request = filtered.ours();
          foreignSpans = filtered.foreignSpans();
        }
      } catch (IOException | RuntimeException e) {
        reject(ex, 400, "bad_request", "not an OTLP trace export: " + e.getClass().getSimpleName());
        return;
      }
      ingest.ingest(TRANSPORT, request, foreignSpans);
      if (JSON.equals(type)) {
        respond(ex, 200, JSON, "{}".getBytes(StandardCharsets.UTF_8));
      } else {
        respond(ex, 200, PROTOBUF, ExportTraceServiceResponse.getDefaultInstance().toByteArray());
      }
    } catch (IOException | RuntimeException e) {
      // Client went away mid-request or similar: nothing to answer, and the receiver keeps running.
      LOG.debug("OTLP/HTTP exchange failed", e);
    }
  }

  private byte[] readBody(HttpExchange ex) throws IOException, TooLargeException {
    String length = ex.getRequestHeaders().getFirst("Content-Length");
    if (length != null) {
      try {
        if (Long.parseLong(length.trim()) > maxBodyBytes) {
          throw new TooLargeException();
        }
      } catch (NumberFormatException ignored) {
        // Let the bounded read below decide.
      }
    }
    InputStream in = ex.getRequestBody();
    String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
    if (encoding != null && encoding.trim().equalsIgnoreCase("gzip")) {
      in = new GZIPInputStream(in);
    }
    // The limit applies after decompression too, so a small gzip bomb cannot take the heap.
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[16 * 1024];
    int n;
    while ((n = in.read(buf)) >= 0) {
      out.write(buf, 0, n);
      if (out.size() > maxBodyBytes) {
        throw new TooLargeException();
      }
    }
    return out.toByteArray();
  }

  private static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi))
        .trim()
        .toLowerCase(Locale.ROOT);
  }

  private void reject(HttpExchange ex, int status, String reason, String message)
      throws IOException {
    ingest.rejected(TRANSPORT, reason);
    respond(ex, status, message);
  }

  private static void respond(HttpExchange ex, int status, String message) throws IOException {
    respond(ex, status, "text/plain; charset=utf-8", message.getBytes(StandardCharsets.UTF_8));
  }

  private static void respond(HttpExchange ex, int status, String type, byte[] body)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream os = ex.getResponseBody()) {
        os.write(body);
      }
    }
  }

  /** The body went past the limit. */
  private static final class TooLargeException extends Exception {
    TooLargeException() {
      super(null, null, false, false);
    }
  }
}
