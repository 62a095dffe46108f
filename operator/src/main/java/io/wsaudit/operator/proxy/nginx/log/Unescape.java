package io.wsaudit.operator.proxy.nginx.log;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Undoes what nginx's access log did to a variable's value (nginx {@code
 * src/http/modules/ngx_http_log_module.c}): {@code escape=default} writes {@code "}, {@code \},
 * bytes below 0x20 and from 0x7f up as {@code \xXX}, so non-ASCII UTF-8 arrives as escaped bytes;
 * {@code escape=json} writes {@code \" \\ \n \r \t \b \f} and "backslash-u 00XX" ({@code
 * ngx_escape_json} in {@code src/core/ngx_string.c}) and UTF-8 raw; {@code escape=none} writes the
 * value as it is. A value without a backslash is returned as the substring, the common case.
 */
final class Unescape {

  private Unescape() {}

  static String value(String line, int start, int end, AccessLogFormat.Escape escape) {
    if (escape == AccessLogFormat.Escape.NONE || !hasBackslash(line, start, end)) {
      return line.substring(start, end);
    }
    return escape == AccessLogFormat.Escape.JSON
        ? json(line, start, end)
        : hexBytes(line, start, end);
  }

  private static boolean hasBackslash(String line, int start, int end) {
    for (int i = start; i < end; i++) {
      if (line.charAt(i) == '\\') {
        return true;
      }
    }
    return false;
  }

  /** {@code \xXX} → that byte; the bytes are UTF-8, as nginx had them. A stray backslash stays. */
  private static String hexBytes(String line, int start, int end) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(end - start);
    for (int i = start; i < end; i++) {
      char c = line.charAt(i);
      int hi;
      int lo;
      if (c == '\\'
          && i + 3 < end
          && line.charAt(i + 1) == 'x'
          && (hi = Character.digit(line.charAt(i + 2), 16)) >= 0
          && (lo = Character.digit(line.charAt(i + 3), 16)) >= 0) {
        bytes.write(hi << 4 | lo);
        i += 3;
      } else if (c < 0x80) {
        bytes.write(c);
      } else {
        byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(utf8, 0, utf8.length);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static String json(String line, int start, int end) {
    StringBuilder sb = new StringBuilder(end - start);
    for (int i = start; i < end; i++) {
      char c = line.charAt(i);
      if (c != '\\' || i + 1 >= end) {
        sb.append(c);
        continue;
      }
      char e = line.charAt(++i);
      switch (e) {
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'u' -> {
          int code = i + 4 < end ? parseHex(line, i + 1, i + 5) : -1;
          if (code < 0) {
            sb.append('\\').append(e);
          } else {
            sb.append((char) code);
            i += 4;
          }
        }
        default -> sb.append(e); // \" \\ \/
      }
    }
    return sb.toString();
  }

  private static int parseHex(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      int d = Character.digit(s.charAt(i), 16);
      if (d < 0) {
        return -1;
      }
      v = v << 4 | d;
    }
    return v;
  }
}
