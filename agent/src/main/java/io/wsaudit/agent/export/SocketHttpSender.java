package io.wsaudit.agent.export;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.Compressor;
import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.MessageWriter;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * OTLP/HTTP over one kept-alive HTTP/1.1 connection, written and read on the exporting thread (the
 * batch processor's worker, which waits for the export anyway).
 *
 * <p>Why not the SDK's JDK {@code HttpClient} sender: in the bench it took ~1.9 ms of CPU per
 * export of 128 spans across three threads (selector, worker, executor), of which encoding was ~0.2
 * ms (bench/README.md, "Where the time goes"), and building the client loads the JDK's TLS stack at
 * start-up even for an {@code http://} endpoint. Here a request is one buffered write and one read.
 * Retries follow the SDK's {@link RetryPolicy} on the statuses OTLP/HTTP names retryable.
 */
final class SocketHttpSender implements HttpSender {

  private static final int BUFFER = 64 * 1024;

  private final URI endpoint;
  private final String host;
  private final int port;
  private final boolean tls;
  private final HttpSenderConfig config;
  private final byte[] fixedHead;
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private boolean shutdown;

  SocketHttpSender(HttpSenderConfig config) {
    this.config = config;
    this.endpoint = config.getEndpoint();
    this.tls = "https".equalsIgnoreCase(endpoint.getScheme());
    this.host = endpoint.getHost();
    this.port = endpoint.getPort() > 0 ? endpoint.getPort() : tls ? 443 : 80;
    String path =
        endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty()
            ? "/"
            : endpoint.getRawPath();
    if (endpoint.getRawQuery() != null) {
      path += "?" + endpoint.getRawQuery();
    }
    boolean defaultPort = endpoint.getPort() < 0;
    String head =
        "POST "
            + path
            + " HTTP/1.1\r\nHost: "
            + host
            + (defaultPort ? "" : ":" + port)
            + "\r\n"
            + "Content-Type: "
            + config.getContentType()
            + "\r\n";
    this.fixedHead = head.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Override
  public synchronized void send(
      MessageWriter writer, Consumer<HttpResponse> onResponse, Consumer<Throwable> onError) {
    if (shutdown) {
      onError.accept(new IOException("sender is shut down"));
      return;
    }
    byte[] compressed;
    try {
      compressed = compress(writer, config.getCompressor());
    } catch (IOException | RuntimeException e) {
      onError.accept(e);
      return;
    }
    RetryPolicy retry = config.getRetryPolicy();
    int attempts = retry == null ? 1 : Math.max(1, retry.getMaxAttempts());
    long backoffNanos = retry == null ? 0 : retry.getInitialBackoff().toNanos();
    long deadline = System.nanoTime() + config.getTimeout().toNanos();
    for (int attempt = 1; ; attempt++) {
      Http1Response response = null;
      IOException failure = null;
      try {
        response = exchange(writer, compressed, deadline);
      } catch (IOException e) {
        close();
        failure = e;
      } catch (RuntimeException e) {
        close();
        onError.accept(e);
        return;
      }
      boolean again =
          attempt < attempts
              && (failure != null
                  ? retryable(retry, failure)
                  : retryable(response.getStatusCode()));
      if (again && (backoffNanos = pause(retry, backoffNanos, deadline)) >= 0) {
        continue;
      }
      if (failure != null) {
        onError.accept(failure);
      } else {
        onResponse.accept(response);
      }
      return;
    }
  }

  /**
   * One request and its response. A kept-alive connection the receiver closed while idle fails on
   * first use: that one is retried at once on a fresh connection, whatever the retry policy.
   */
  private Http1Response exchange(MessageWriter writer, byte[] compressed, long deadline)
      throws IOException {
    boolean reused = socket != null;
    try {
      return exchangeOnce(writer, compressed, deadline);
    } catch (IOException e) {
      close();
      if (!reused || e instanceof SocketTimeoutException) {
        throw e;
      }
      return exchangeOnce(writer, compressed, deadline);
    }
  }

  private Http1Response exchangeOnce(MessageWriter writer, byte[] compressed, long deadline)
      throws IOException {
    if (socket == null) {
      connect(deadline);
    }
    socket.setSoTimeout(remainingMillis(deadline));
    // SO_TIMEOUT bounds each read, not a write to a receiver that stopped reading, nor a response
    // that trickles in: at the deadline the connection is closed, which fails both.
    Socket current = socket;
    ScheduledFuture<?> guard =
        Watchdog.INSTANCE.schedule(
            () -> closeQuietly(current), remainingMillis(deadline), TimeUnit.MILLISECONDS);
    try {
      return write(writer, compressed);
    } finally {
      guard.cancel(false);
    }
  }

  private Http1Response write(MessageWriter writer, byte[] compressed) throws IOException {
    out.write(fixedHead);
    StringBuilder head = new StringBuilder(128);
    Compressor compressor = config.getCompressor();
    if (compressed != null) {
      head.append("Content-Encoding: ").append(compressor.getEncoding()).append("\r\n");
    }
    int length = compressed != null ? compressed.length : writer.getContentLength();
    head.append("Content-Length: ").append(length).append("\r\n");
    Map<String, List<String>> headers = config.getHeadersSupplier().get();
    if (headers != null) {
      for (Map.Entry<String, List<String>> header : headers.entrySet()) {
        for (String value : header.getValue()) {
          head.append(header.getKey()).append(": ").append(value).append("\r\n");
        }
      }
    }
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (compressed != null) {
      out.write(compressed);
    } else {
      writer.writeMessage(out);
    }
    out.flush();
    Http1Response response = Http1Response.read(in, config.getMaxResponseBodySize());
    if (!response.keepAlive()) {
      close();
    }
    return response;
  }

  private void connect(long deadline) throws IOException {
    Socket plain = new Socket();
    try {
      plain.setTcpNoDelay(true);
      int connectMillis =
          (int) Math.min(remainingMillis(deadline), config.getConnectTimeout().toMillis());
      plain.connect(new InetSocketAddress(host, port), Math.max(1, connectMillis));
      Socket connected = tls ? tls(plain) : plain;
      socket = connected;
      in = new BufferedInputStream(connected.getInputStream(), 8192);
      out = new BufferedOutputStream(connected.getOutputStream(), BUFFER);
    } catch (IOException | RuntimeException e) {
      plain.close();
      throw e;
    }
  }

  private Socket tls(Socket plain) throws IOException {
    SSLSocketFactory factory =
        config.getSslContext() != null
            ? config.getSslContext().getSocketFactory()
            : (SSLSocketFactory) SSLSocketFactory.getDefault();
    SSLSocket socket = (SSLSocket) factory.createSocket(plain, host, port, true);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    List<String> protocols = config.getEnabledProtocols();
    if (protocols != null && !protocols.isEmpty()) {
      parameters.setProtocols(protocols.toArray(new String[0]));
    }
    socket.setSSLParameters(parameters);
    socket.startHandshake();
    return socket;
  }

  private static byte[] compress(MessageWriter writer, Compressor compressor) throws IOException {
    if (compressor == null) {
      return null;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(writer.getContentLength() / 4 + 64);
    try (OutputStream compressing = compressor.compress(bytes)) {
      writer.writeMessage(compressing);
    }
    return bytes.toByteArray();
  }

  /**
   * OTLP/HTTP's retryable statuses (opentelemetry-proto, docs/specification.md, "Retryable Response
   * Codes").
   */
  private static boolean retryable(int status) {
    return status == 429 || status == 502 || status == 503 || status == 504;
  }

  private static boolean retryable(RetryPolicy retry, IOException e) {
    if (retry != null && retry.getRetryExceptionPredicate() != null) {
      return retry.getRetryExceptionPredicate().test(e);
    }
    return e instanceof ConnectException || e instanceof SocketTimeoutException;
  }

  /**
   * Waits a random time below the current backoff (the SDK's jitter) unless that passes the
   * deadline; returns the next backoff, or -1 when there is no time left for another attempt.
   */
  private static long pause(RetryPolicy retry, long backoffNanos, long deadline) {
    long wait = ThreadLocalRandom.current().nextLong(Math.max(1, backoffNanos));
    if (System.nanoTime() + wait >= deadline) {
      return -1;
    }
    try {
      TimeUnit.NANOSECONDS.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
    long next = (long) (backoffNanos * retry.getBackoffMultiplier());
    return Math.min(next, retry.getMaxBackoff().toNanos());
  }

  private static int remainingMillis(long deadline) throws SocketTimeoutException {
    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    if (left <= 0) {
      throw new SocketTimeoutException("export timed out");
    }
    return (int) Math.min(Integer.MAX_VALUE, left);
  }

  private void close() {
    Socket s = socket;
    socket = null;
    in = null;
    out = null;
    closeQuietly(s);
  }

  private static void closeQuietly(Socket s) {
    if (s != null) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing a broken connection: nothing left to do
      }
    }
  }

  /** One daemon thread for every sender's deadlines, started with the first export. */
  private static final class Watchdog {
    static final ScheduledThreadPoolExecutor INSTANCE = create();

    private static ScheduledThreadPoolExecutor create() {
      ScheduledThreadPoolExecutor executor =
          new ScheduledThreadPoolExecutor(
              1,
              r -> {
                Thread t = new Thread(r, "wsaudit-otlp-deadline");
                t.setDaemon(true);
                return t;
              });
      executor.setRemoveOnCancelPolicy(true); // a cancelled guard must not wait out its delay
      return executor;
    }
  }

  @Override
  public synchronized CompletableResultCode shutdown() {
    shutdown = true;
    close();
    return CompletableResultCode.ofSuccess();
  }
}
