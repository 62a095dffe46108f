package io.wsaudit.agent.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanBuilder;
import io.wsaudit.contract.WsAuditSpans;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Copies the recorded request headers ({@code User-Agent} and the captured {@code
 * http.request.header.*}) onto a handshake span, bounded. A hostile or broken client can send
 * headers of hundreds of kilobytes, and a span holds its values until exported: unbounded copies
 * once filled a 256 MB heap and made one batch larger than a receiver's request limit. So each
 * value is cut to {@code maxValueLength} characters, each header keeps at most {@link
 * #MAX_VALUES_PER_HEADER} values, and all of one span's header values together stay within {@link
 * #SPAN_BUDGET_CHARS}. Cut values are copies, so the server's own (large) strings are never
 * retained.
 */
final class HeaderCapture {

  static final int MAX_VALUES_PER_HEADER = 8;

  /**
   * Header characters per span, whatever the per-value limit and the number of captured headers: at
   * most 2 bytes each in OTLP's UTF-8 (header bytes are ISO-8859-1), so a span's headers stay under
   * 16 KiB; see docs/agent.md for the batch arithmetic built on it.
   */
  static final int SPAN_BUDGET_CHARS = 8 * 1024;

  private static final AttributeKey<String> USER_AGENT =
      AttributeKey.stringKey(WsAuditSpans.USER_AGENT_ORIGINAL);

  private final int maxValueLength;
  private final String[] headers;
  private final List<AttributeKey<List<String>>> keys;

  HeaderCapture(List<String> extraHeaders, int maxValueLength) {
    this.maxValueLength = Math.max(1, maxValueLength);
    Set<String> names = new LinkedHashSet<>(WsAuditSpans.CAPTURED_HEADERS);
    for (String header : extraHeaders) {
      names.add(header.toLowerCase(Locale.ROOT));
    }
    names.removeAll(WsAuditSpans.NEVER_CAPTURED_HEADERS);
    this.headers = names.toArray(new String[0]);
    List<AttributeKey<List<String>>> list = new ArrayList<>();
    for (String header : headers) {
      list.add(AttributeKey.stringArrayKey(WsAuditSpans.REQUEST_HEADER_PREFIX + header));
    }
    this.keys = List.copyOf(list);
  }

  void capture(RequestHeaders request, SpanBuilder builder) {
    int[] budget = {SPAN_BUDGET_CHARS};
    String userAgent = bounded(request.first("user-agent"), budget);
    if (userAgent != null) {
      builder.setAttribute(USER_AGENT, userAgent);
    }
    for (int i = 0; i < headers.length; i++) {
      List<String> values = copyOf(request.values(headers[i]), budget);
      if (values != null) {
        builder.setAttribute(keys.get(i), values);
      }
    }
  }

  /**
   * A bounded copy (the server may reuse its header objects before the span is exported), without
   * nulls; null if empty.
   */
  List<String> copyOf(List<String> values, int[] budget) {
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() == 1) {
      String value = bounded(values.get(0), budget);
      return value == null ? null : List.of(value);
    }
    List<String> copy = new ArrayList<>(Math.min(values.size(), MAX_VALUES_PER_HEADER));
    for (String value : values) {
      if (copy.size() == MAX_VALUES_PER_HEADER) {
        break;
      }
      String bounded = bounded(value, budget);
      if (bounded != null) {
        copy.add(bounded);
      }
    }
    return copy.isEmpty() ? null : copy;
  }

  /** {@code value} cut to the per-value limit and what is left of the span's budget. */
  private String bounded(String value, int[] budget) {
    if (value == null || budget[0] <= 0) {
      return null;
    }
    int length = Math.min(value.length(), Math.min(maxValueLength, budget[0]));
    budget[0] -= length;
    // substring copies (since JDK 7u6): a cut value never retains the server's large string.
    return length == value.length() ? value : value.substring(0, length);
  }
}
