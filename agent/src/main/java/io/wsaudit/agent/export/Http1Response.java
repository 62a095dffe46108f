package io.wsaudit.agent.export;

import io.opentelemetry.sdk.common.export.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * An HTTP/1.1 response read from a connection: status line, headers, and the body by {@code
 * Content-Length}, chunked, or to the end of the stream (RFC 9112 §6.3), at most {@code maxBody}
 * bytes kept (the rest is read and dropped, so the connection stays usable).
 */
final class Http1Response implements HttpResponse {

  private static final int MAX_LINE = 8 * 1024;

  private final int status;
  private final String reason;
  private final byte[] body;
  private final boolean keepAlive;

  private Http1Response(int status, String reason, byte[] body, boolean keepAlive) {
    this.status = status;
    this.reason = reason;
    this.body = body;
    this.keepAlive = keepAlive;
  }

  static Http1Response read(InputStream in, long maxBody) throws IOException {
    String statusLine = line(in);
    while (statusLine.isEmpty()) {
      statusLine = line(in); // a stray CRLF before the status line is allowed (RFC 9112 §2.2)
    }
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP/1.x response: " + statusLine);
    }
    int status;
    try {
      status = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IOException("bad status line: " + statusLine, e);
    }
    boolean keepAlive = parts[0].equals("HTTP/1.1");
    long length = -1;
    boolean chunked = false;
    for (String header = line(in); !header.isEmpty(); header = line(in)) {
      int colon = header.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = header.substring(colon + 1).trim();
      if (name.equals("content-length")) {
        length = Long.parseLong(value);
      } else if (name.equals("transfer-encoding")) {
        chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
      } else if (name.equals("connection")) {
        keepAlive = !value.equalsIgnoreCase("close");
      }
    }
    Sink body = new Sink(maxBody);
    if (status == 204 || status == 304 || (status >= 100 && status < 200)) {
      length = 0;
    }
    if (chunked) {
      for (long size = chunkSize(line(in)); size > 0; size = chunkSize(line(in))) {
        copy(in, size, body);
        line(in);
      }
      for (String trailer = line(in); !trailer.isEmpty(); trailer = line(in)) {
        // trailers carry nothing OTLP/HTTP needs
      }
    } else if (length >= 0) {
      copy(in, length, body);
    } else {
      copy(in, Long.MAX_VALUE, body);
      keepAlive = false;
    }
    if (status >= 100 && status < 200) {
      return read(in, maxBody); // an interim response (RFC 9110 §15.2): the final one follows
    }
    String reason = parts.length > 2 ? parts[2] : "";
    return new Http1Response(status, reason, body.toByteArray(), keepAlive);
  }

  boolean keepAlive() {
    return keepAlive;
  }

  @Override
  public int getStatusCode() {
    return status;
  }

  @Override
  public String getStatusMessage() {
    return reason;
  }

  @Override
  public byte[] getResponseBody() {
    return body;
  }

  private static long chunkSize(String line) throws IOException {
    int end = line.indexOf(';');
    try {
      return Long.parseLong((end >= 0 ? line.substring(0, end) : line).trim(), 16);
    } catch (NumberFormatException e) {
      throw new IOException("bad chunk size: " + line, e);
    }
  }

  /**
   * Reads {@code count} bytes into {@code to}; {@code Long.MAX_VALUE}: to the end of the stream.
   */
  private static void copy(InputStream in, long count, Sink to) throws IOException {
    boolean untilEnd = count == Long.MAX_VALUE;
    byte[] buffer = new byte[8192];
    while (count > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, count));
      if (n < 0) {
        if (untilEnd) {
          return;
        }
        throw new IOException("connection closed inside the response body");
      }
      to.write(buffer, n);
      if (!untilEnd) {
        count -= n;
      }
    }
  }

  /** One CRLF- (or LF-) terminated line, ISO-8859-1, without its terminator. */
  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("connection closed by the receiver");
      }
      if (line.length() == MAX_LINE) {
        throw new IOException("response line longer than " + MAX_LINE);
      }
      line.append((char) b);
    }
    int end = line.length();
    return line.substring(0, end > 0 && line.charAt(end - 1) == '\r' ? end - 1 : end);
  }

  /** Keeps at most {@code max} bytes and counts the rest away. */
  private static final class Sink extends ByteArrayOutputStream {
    private final long max;

    Sink(long max) {
      this.max = max;
    }

    void write(byte[] buffer, int n) {
      int keep = (int) Math.max(0, Math.min(n, max - count));
      write(buffer, 0, keep);
    }
  }
}
