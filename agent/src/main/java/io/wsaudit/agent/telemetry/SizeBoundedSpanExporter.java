package io.wsaudit.agent.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Splits one batch into consecutive exports whose estimated OTLP size stays under a byte budget.
 *
 * <p>Why: an export costs about the same CPU whatever its span count (the HTTP request dominates;
 * bench/README.md, "Where the time goes", 2 and 11), so the agent batches 512 spans; but a span can
 * reach ~20 KiB with huge headers (docs/agent.md), and 512 of those would pass a receiver's 4 MiB
 * request limit. Usual spans are ~1 KiB, so a batch is one request; only oversized ones are split.
 * The parts go one after the other (the batch processor never has two exports in flight either).
 */
final class SizeBoundedSpanExporter extends ForwardingSpanExporter {

  /** Estimated bytes per export: under 4 MiB with room for the resource and the framing. */
  static final long DEFAULT_BUDGET = 3L * 1024 * 1024;

  /** Ids, timestamps, kind, status, scope reference and protobuf framing of one span, at most. */
  private static final int SPAN_OVERHEAD = 512;

  private final long budget;

  SizeBoundedSpanExporter(SpanExporter delegate, long budget) {
    super(delegate);
    this.budget = budget;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    List<List<SpanData>> parts = split(spans);
    if (parts.size() == 1) {
      return delegate.export(parts.get(0));
    }
    CompletableResultCode all = new CompletableResultCode();
    exportFrom(parts, 0, true, all);
    return all;
  }

  /** Exports part {@code i} once the one before has completed; fails all if any part failed. */
  private void exportFrom(
      List<List<SpanData>> parts, int i, boolean okSoFar, CompletableResultCode all) {
    if (i == parts.size()) {
      if (okSoFar) {
        all.succeed();
      } else {
        all.fail();
      }
      return;
    }
    CompletableResultCode part = delegate.export(parts.get(i));
    part.whenComplete(() -> exportFrom(parts, i + 1, okSoFar && part.isSuccess(), all));
  }

  /** Consecutive parts, each one span at least, each within the budget when it can be. */
  List<List<SpanData>> split(Collection<SpanData> spans) {
    List<List<SpanData>> parts = new ArrayList<>(1);
    List<SpanData> current = new ArrayList<>(spans.size());
    long size = 0;
    for (SpanData span : spans) {
      long bytes = estimatedBytes(span);
      if (!current.isEmpty() && size + bytes > budget) {
        parts.add(current);
        current = new ArrayList<>();
        size = 0;
      }
      current.add(span);
      size += bytes;
    }
    parts.add(current);
    return parts;
  }

  /**
   * An upper bound of the span's encoded size: strings at 3 bytes a char (UTF-8 of the BMP; a
   * surrogate pair is 4 bytes for 2 chars), other values at 10 (a varint or a fixed 64). Events and
   * links are not counted: this SDK carries only the agent's own spans, which have none.
   */
  static long estimatedBytes(SpanData span) {
    long[] bytes = {SPAN_OVERHEAD + 3L * span.getName().length()};
    span.getAttributes()
        .forEach(
            (AttributeKey<?> key, Object value) -> {
              bytes[0] += 8 + 3L * key.getKey().length();
              if (value instanceof String) {
                bytes[0] += 3L * ((String) value).length();
              } else if (value instanceof List) {
                for (Object item : (List<?>) value) {
                  bytes[0] += 4 + (item instanceof String ? 3L * ((String) item).length() : 10);
                }
              } else {
                bytes[0] += 10;
              }
            });
    return bytes[0];
  }
}
