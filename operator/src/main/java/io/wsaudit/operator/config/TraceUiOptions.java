package io.wsaudit.operator.config;

import io.wsaudit.operator.tracing.TraceLinks;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The trace UI flags of the operator's command line (a picocli mixin). */
public final class TraceUiOptions {

  @Option(
      names = "--trace-ui-url",
      defaultValue = "${env:WSAUDIT_TRACE_UI_URL:-}",
      description =
          "Trace UI that findings and Events link to: a base URL gets <url>/trace/<traceId> (Jaeger"
              + " v1/v2 query, e.g. http://jaeger-query:16686), a URL holding {traceId} is a"
              + " template (e.g. a Grafana Tempo explore URL); empty, no links (env"
              + " WSAUDIT_TRACE_UI_URL).")
  String traceUiUrl;

  /** The links these flags ask for; a URL that cannot be one stops the operator with the reason. */
  public TraceLinks links() {
    try {
      return TraceLinks.of(traceUiUrl);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
