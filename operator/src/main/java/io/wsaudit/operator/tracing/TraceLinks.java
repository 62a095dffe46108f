package io.wsaudit.operator.tracing;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Links from a trace id to the trace UI people already run ({@code --trace-ui-url}). A base URL
 * gets Jaeger's trace route ({@code <base>/trace/<id>}, the same in Jaeger v1 and v2 UIs); a URL
 * holding {@code {traceId}} is a template (Grafana Tempo's explore URL, a Jaeger behind a path
 * prefix with other routes). Off when unset: findings then carry trace ids only.
 */
public final class TraceLinks {

  /** The placeholder a template URL holds. */
  public static final String PLACEHOLDER = "{traceId}";

  private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
  private static final TraceLinks OFF = new TraceLinks(null);

  private final String template;

  private TraceLinks(String template) {
    this.template = template;
  }

  public static TraceLinks off() {
    return OFF;
  }

  /**
   * The links for {@code url}: empty or blank means off; anything else must be an absolute http(s)
   * URL, or the operator refuses to start with the reason.
   */
  public static TraceLinks of(String url) {
    if (url == null || url.isBlank()) {
      return OFF;
    }
    String u = url.trim();
    URI uri;
    try {
      uri = new URI(u.replace(PLACEHOLDER, "0"));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("--trace-ui-url is not a URL: " + e.getMessage(), e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "--trace-ui-url must be an absolute http(s) URL such as http://jaeger-query:16686, got "
              + u);
    }
    if (u.contains(PLACEHOLDER)) {
      return new TraceLinks(u);
    }
    String base = u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    return new TraceLinks(base + "/trace/" + PLACEHOLDER);
  }

  public boolean enabled() {
    return template != null;
  }

  /** The link to one trace; empty when off or when {@code traceId} is not a W3C trace id. */
  public Optional<String> link(String traceId) {
    if (template == null || traceId == null || !TRACE_ID.matcher(traceId).matches()) {
      return Optional.empty();
    }
    return Optional.of(template.replace(PLACEHOLDER, traceId));
  }

  /** The links to these traces, in order, skipping what has none. */
  public List<String> links(List<String> traceIds) {
    return traceIds.stream().map(this::link).flatMap(Optional::stream).toList();
  }

  /** The template links are made from, for logs and {@code --help}; null when off. */
  public String template() {
    return template;
  }
}
