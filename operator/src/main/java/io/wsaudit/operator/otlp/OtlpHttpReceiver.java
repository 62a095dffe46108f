package io.wsaudit.operator.otlp;

import com.google.protobuf.Message;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.wsaudit.operator.otlp.admission.BoundedBody;
import io.wsaudit.operator.otlp.admission.IngestAdmission;
import io.wsaudit.operator.serving.JdkHttpServers;
import io.wsaudit.operator.trust.Authenticator;
import io.wsaudit.operator.trust.Sender;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OTLP/HTTP receiver: {@code POST /v1/traces} and (when proxy logs are on) {@code POST /v1/logs},
 * with protobuf or JSON bodies, optionally gzip-compressed (OpenTelemetry protocol specification,
 * "OTLP/HTTP"). Built on the JDK's HTTP server: two endpoints need no more.
 */
public final class OtlpHttpReceiver implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OtlpHttpReceiver.class);
  private static final String PROTOBUF = "application/x-protobuf";
  private static final String JSON = "application/json";
  private static final int THREADS = 32;

  /** Estimated decode memory per body byte: a JSON body is parsed into two trees and a string. */
  private static final int JSON_WEIGHT = 8;

  private final Map<String, HttpSignal> signals = new HashMap<>();
  private final int maxBodyBytes;
  private final Authenticator authenticator;
  private final IngestAdmission admission;
  private final JdkHttpServers.Created created;
  private final HttpServer server;

  /** With {@code logs} null, {@code /v1/logs} is not served (404). */
  public OtlpHttpReceiver(
      String bindAddress,
      int port,
      int maxBodyBytes,
      Authenticator authenticator,
      OtlpIngest ingest,
      LogsIngest logs,
      IngestAdmission admission)
      throws IOException {
    for (HttpSignal s :
        logs == null
            ? new HttpSignal[] {HttpSignal.traces(ingest)}
            : new HttpSignal[] {HttpSignal.traces(ingest), HttpSignal.logs(logs)}) {
      signals.put(s.path(), s);
    }
    this.maxBodyBytes = maxBodyBytes;
    this.authenticator = authenticator;
    this.admission = admission;
    // Threads mostly wait on slow clients (the JDK server reads headers on them); decoding itself
    // is bounded by the admission, not by this pool.
    this.created =
        JdkHttpServers.create(new InetSocketAddress(bindAddress, port), THREADS, "otlp-http");
    this.server = created.server();
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
    created.stop();
  }

  private void handle(HttpExchange ex) {
    try (ex) {
      HttpSignal signal = signals.get(ex.getRequestURI().getPath());
      if (signal == null) {
        respond(ex, 404, "not found");
        return;
      }
      if (!"POST".equals(ex.getRequestMethod())) {
        ex.getResponseHeaders().add("Allow", "POST");
        respond(ex, 405, "use POST");
        return;
      }
      Optional<Sender> sender =
          authenticator.authenticate(ex.getRequestHeaders().getFirst("Authorization"));
      if (sender.isEmpty()) {
        drain(ex);
        reject(ex, signal, 401, "unauthorized", "missing or wrong bearer token");
        return;
      }
      String type = mediaType(ex.getRequestHeaders().getFirst("Content-Type"));
      if (!PROTOBUF.equals(type) && !JSON.equals(type)) {
        reject(
            ex,
            signal,
            415,
            "unsupported_media_type",
            "Content-Type must be " + PROTOBUF + " or " + JSON);
        return;
      }
      if (declaredTooLarge(ex)) {
        // Answered before reading a byte; Connection: close, as the unread rest is not drained.
        ex.getResponseHeaders().set("Connection", "close");
        reject(ex, signal, 413, "too_large", "body larger than " + maxBodyBytes + " bytes");
        return;
      }
      Optional<IngestAdmission.Permit> permit = admission.admit();
      if (permit.isEmpty()) {
        busy(ex, signal);
        return;
      }
      try (IngestAdmission.Permit p = permit.get()) {
        decodeAndIngest(ex, signal, JSON.equals(type), p, sender.get());
      }
    } catch (IOException | RuntimeException e) {
      // Client went away mid-request or similar: nothing to answer, and the receiver keeps running.
      LOG.debug("OTLP/HTTP exchange failed", e);
    }
  }

  private void decodeAndIngest(
      HttpExchange ex,
      HttpSignal signal,
      boolean json,
      IngestAdmission.Permit permit,
      Sender sender)
      throws IOException {
    byte[] body;
    try {
      body =
          BoundedBody.read(
              body(ex),
              maxBodyBytes,
              json ? JSON_WEIGHT : signal.protobufWeight(),
              permit,
              declaredLength(ex));
    } catch (BoundedBody.RefusedException e) {
      if (e.refusal() == BoundedBody.Refusal.BUSY) {
        busy(ex, signal);
      } else {
        ex.getResponseHeaders().set("Connection", "close");
        reject(ex, signal, 413, "too_large", "body larger than " + maxBodyBytes + " bytes");
      }
      return;
    } catch (ZipException | EOFException e) {
      reject(ex, signal, 400, "bad_request", "Content-Encoding gzip but the body is not gzip");
      return;
    }
    Message response;
    try {
      response = signal.export().export(body, json, sender, permit);
    } catch (BoundedBody.RefusedException e) {
      busy(ex, signal);
      return;
    } catch (IOException | RuntimeException e) {
      reject(
          ex,
          signal,
          400,
          "bad_request",
          "not an OTLP " + signal.noun() + " export: " + e.getClass().getSimpleName());
      return;
    }
    if (json) {
      respond(ex, 200, JSON, OtlpJson.print(response));
    } else {
      respond(ex, 200, PROTOBUF, response.toByteArray());
    }
  }

  /** 429 with Retry-After: OTLP exporters retry it later (OTLP/HTTP "Failures"). */
  private void busy(HttpExchange ex, HttpSignal signal) throws IOException {
    drain(ex);
    ex.getResponseHeaders().set("Retry-After", "2");
    reject(ex, signal, 429, "busy", "too many exports in progress; retry later");
  }

  /**
   * Reads and discards what is left of the body (at most the body limit; nothing is kept), so the
   * client reads our answer instead of a connection reset.
   */
  private void drain(HttpExchange ex) throws IOException {
    InputStream in = ex.getRequestBody();
    byte[] skip = new byte[16 * 1024];
    long left = maxBodyBytes;
    for (int n; left > 0 && (n = in.read(skip, 0, (int) Math.min(skip.length, left))) >= 0; ) {
      left -= n;
    }
  }

  /** The declared length of an uncompressed body (reserved up front), else 0 (charged as read). */
  private static long declaredLength(HttpExchange ex) {
    String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
    String length = ex.getRequestHeaders().getFirst("Content-Length");
    if (length == null || (encoding != null && !encoding.isBlank())) {
      return 0;
    }
    try {
      return Math.max(0, Long.parseLong(length.trim()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private boolean declaredTooLarge(HttpExchange ex) {
    String length = ex.getRequestHeaders().getFirst("Content-Length");
    if (length == null) {
      return false;
    }
    try {
      return Long.parseLong(length.trim()) > maxBodyBytes;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static InputStream body(HttpExchange ex) throws IOException {
    InputStream in = ex.getRequestBody();
    String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
    if (encoding != null && encoding.trim().equalsIgnoreCase("gzip")) {
      // The limit applies after decompression (BoundedBody), so a small gzip bomb is refused.
      in = new GZIPInputStream(in);
    }
    return in;
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

  private void reject(HttpExchange ex, HttpSignal signal, int status, String reason, String message)
      throws IOException {
    signal.rejections().rejected(HttpSignal.TRANSPORT, reason);
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
}
