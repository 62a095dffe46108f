package io.wsaudit.agent.telemetry;

import io.wsaudit.agent.log.AgentLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Keeps {@code otel.traces.exporter} and {@code otel.metrics.exporter} to the exporters this jar
 * carries. The SDK would fail on any other name ("not found on classpath. Make sure to add it as a
 * dependency"), which disables the whole agent and which a user of a shaded jar cannot follow;
 * instead the unknown names are refused with one line and the agent keeps the others.
 */
final class TracesExporterNames {

  static final String KEY = "otel.traces.exporter";
  static final String METRICS_KEY = "otel.metrics.exporter";

  /** What the jar ships: the OTLP exporters and the SDK's console (alias logging) exporter. */
  static final Set<String> SHIPPED = Set.of("otlp", "console", "logging", "none");

  private TracesExporterNames() {}

  /** The override for {@link #KEY} when {@code raw} names an exporter not shipped, else empty. */
  static Map<String, String> override(String raw) {
    return override(KEY, raw);
  }

  /** The override for {@code key} when {@code raw} names an exporter not shipped, else empty. */
  static Map<String, String> override(String key, String raw) {
    if (raw == null || raw.isBlank()) {
      return Map.of();
    }
    List<String> kept = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    for (String name : raw.split(",")) {
      String n = name.trim().toLowerCase(Locale.ROOT);
      if (n.isEmpty()) {
        continue;
      }
      (SHIPPED.contains(n) ? kept : refused).add(n);
    }
    if (refused.isEmpty()) {
      return Map.of();
    }
    String value = kept.isEmpty() ? "none" : String.join(",", kept);
    AgentLog.info(
        key.toUpperCase(Locale.ROOT).replace('.', '_')
            + ": "
            + String.join(", ", refused)
            + " not in this agent (it has otlp, console, logging, none); exporting with "
            + value);
    return Map.of(key, value);
  }
}
