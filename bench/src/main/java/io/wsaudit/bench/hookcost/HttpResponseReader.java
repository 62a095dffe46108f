package io.wsaudit.bench.hookcost;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/** Just enough HTTP/1.1 and RFC 6455 reading for the probe's client: heads, bodies, frames. */
final class HttpResponseReader {

  private HttpResponseReader() {}

  record Head(int status, long contentLength, boolean chunked, boolean close) {}

  /** The status line and headers, up to the blank line. */
  static Head readHead(InputStream in) throws IOException {
    String statusLine = line(in);
    int status = Integer.parseInt(statusLine.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    boolean close = false;
    for (String line = line(in); !line.isEmpty(); line = line(in)) {
      String lower = line.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Long.parseLong(lower.substring(15).trim());
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      } else if (lower.startsWith("connection:") && lower.contains("close")) {
        close = true;
      }
    }
    return new Head(status, length, chunked, close);
  }

  /**
   * A whole response: head and body (by length or chunks; a response without either has none).
   * Returns whether the server closes the connection after it (Tomcat does every 100 requests).
   */
  static boolean readResponse(InputStream in) throws IOException {
    Head head = readHead(in);
    if (head.chunked()) {
      for (long size = chunkSize(in); size > 0; size = chunkSize(in)) {
        skip(in, size);
        line(in);
      }
      for (String trailer = line(in); !trailer.isEmpty(); trailer = line(in)) {
        // trailers are not read
      }
    } else if (head.contentLength() > 0) {
      skip(in, head.contentLength());
    }
    return head.close();
  }

  /** One unmasked server frame, whatever its type. */
  static void skipFrame(InputStream in) throws IOException {
    read(in);
    int length = read(in) & 0x7F;
    long size = length;
    if (length == 126) {
      size = (read(in) << 8) | read(in);
    } else if (length == 127) {
      size = 0;
      for (int i = 0; i < 8; i++) {
        size = size << 8 | read(in);
      }
    }
    skip(in, size);
  }

  private static long chunkSize(InputStream in) throws IOException {
    String line = line(in);
    int semicolon = line.indexOf(';');
    return Long.parseLong((semicolon >= 0 ? line.substring(0, semicolon) : line).trim(), 16);
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder(64);
    for (int c = read(in); c != '\n'; c = read(in)) {
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  private static void skip(InputStream in, long bytes) throws IOException {
    for (long left = bytes; left > 0; left--) {
      read(in);
    }
  }

  private static int read(InputStream in) throws IOException {
    int c = in.read();
    if (c < 0) {
      throw new EOFException("connection closed mid-response");
    }
    return c;
  }
}
