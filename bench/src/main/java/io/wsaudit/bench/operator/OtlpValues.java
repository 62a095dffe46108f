package io.wsaudit.bench.operator;

import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/**
 * OTLP building blocks for {@link SpanMix}: scopes, hex and gzip encoding (attributes come from the
 * testkit's {@code OtlpAttributes}).
 */
final class OtlpValues {

  private OtlpValues() {}

  static ScopeSpans.Builder scope(String name, String version) {
    return ScopeSpans.newBuilder()
        .setScope(InstrumentationScope.newBuilder().setName(name).setVersion(version));
  }

  static String hex(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (byte x : b) {
      s.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
    }
    return s.toString();
  }

  static byte[] gzip(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
