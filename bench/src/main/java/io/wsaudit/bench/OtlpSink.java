package io.wsaudit.bench;

import com.sun.net.httpserver.HttpServer;
import io.wsaudit.testkit.process.DaemonThreads;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP receiver on 127.0.0.1 that accepts every export (traces, metrics, logs), answers 200
 * with an empty response, and only counts: requests, bytes, and spans of traces — those of scope
 * {@code io.wsaudit.agent} apart. It walks the protobuf wire format itself (three nested
 * length-delimited fields), so it needs no protobuf library.
 */
public final class OtlpSink implements AutoCloseable {

  public static final String WSAUDIT_SCOPE = "io.wsaudit.agent";

  private final HttpServer http;
  private final ExecutorService executor;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong wsauditSpans = new AtomicLong();
  private final AtomicLong otherSpans = new AtomicLong();
  private final AtomicLong malformed = new AtomicLong();

  public OtlpSink() throws IOException {
    this(1);
  }

  /**
   * With this many handler threads (the operator bench's baseline matches the operator receiver's
   * four).
   */
  public OtlpSink(int threads) throws IOException {
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    executor = Executors.newFixedThreadPool(threads, DaemonThreads.named("otlp-sink"));
    http.setExecutor(executor);
    http.createContext(
        "/",
        exchange -> {
          try (InputStream raw = exchange.getRequestBody()) {
            byte[] body = raw.readAllBytes();
            requests.incrementAndGet();
            bytes.addAndGet(body.length);
            if (exchange.getRequestURI().getPath().endsWith("/v1/traces")) {
              if ("gzip"
                  .equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                body = gunzip(body);
              }
              count(body);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
          } catch (IOException | RuntimeException e) {
            malformed.incrementAndGet();
            exchange.sendResponseHeaders(400, -1);
          } finally {
            exchange.close();
          }
        });
    http.start();
  }

  private static byte[] gunzip(byte[] body) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toByteArray();
    }
  }

  /**
   * ExportTraceServiceRequest{1: ResourceSpans*} / ResourceSpans{2: ScopeSpans*} / ScopeSpans{1:
   * scope, 2: Span*}.
   */
  void count(byte[] request) {
    new Wire(request, 0, request.length)
        .forEach(
            1,
            (rs, rsOff, rsLen) ->
                new Wire(rs, rsOff, rsLen)
                    .forEach(
                        2,
                        (ss, ssOff, ssLen) -> {
                          String[] scope = {""};
                          long[] spans = {0};
                          Wire scopeSpans = new Wire(ss, ssOff, ssLen);
                          scopeSpans.forEach(
                              1,
                              (sc, scOff, scLen) ->
                                  new Wire(sc, scOff, scLen)
                                      .forEach(
                                          1,
                                          (n, nOff, nLen) ->
                                              scope[0] =
                                                  new String(
                                                      n, nOff, nLen, StandardCharsets.UTF_8)));
                          new Wire(ss, ssOff, ssLen).forEach(2, (sp, spOff, spLen) -> spans[0]++);
                          (WSAUDIT_SCOPE.equals(scope[0]) ? wsauditSpans : otherSpans)
                              .addAndGet(spans[0]);
                        }));
  }

  public String endpoint() {
    return "http://127.0.0.1:" + http.getAddress().getPort();
  }

  public long requests() {
    return requests.get();
  }

  public long bytes() {
    return bytes.get();
  }

  public long wsauditSpans() {
    return wsauditSpans.get();
  }

  public long otherSpans() {
    return otherSpans.get();
  }

  public long malformed() {
    return malformed.get();
  }

  public void reset() {
    requests.set(0);
    bytes.set(0);
    wsauditSpans.set(0);
    otherSpans.set(0);
    malformed.set(0);
  }

  @Override
  public void close() {
    http.stop(0);
    executor.shutdownNow();
  }

  /** A minimal protobuf reader: visits the length-delimited occurrences of one field number. */
  private static final class Wire {
    interface Visitor {
      void visit(byte[] buf, int offset, int length);
    }

    private final byte[] buf;
    private int pos;
    private final int end;

    Wire(byte[] buf, int offset, int length) {
      this.buf = buf;
      this.pos = offset;
      this.end = offset + length;
    }

    void forEach(int field, Visitor visitor) {
      while (pos < end) {
        long key = varint();
        int number = (int) (key >>> 3);
        int type = (int) (key & 7);
        switch (type) {
          case 0 -> varint();
          case 1 -> pos += 8;
          case 5 -> pos += 4;
          case 2 -> {
            int len = (int) varint();
            if (len < 0 || pos + len > end) {
              throw new IllegalArgumentException("truncated field " + number);
            }
            if (number == field) {
              visitor.visit(buf, pos, len);
            }
            pos += len;
          }
          default -> throw new IllegalArgumentException("wire type " + type);
        }
      }
    }

    private long varint() {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= end) {
          throw new IllegalArgumentException("truncated varint");
        }
        byte b = buf[pos++];
        value |= (long) (b & 0x7f) << shift;
        if (b >= 0) {
          return value;
        }
      }
      throw new IllegalArgumentException("varint too long");
    }
  }
}
