package io.wsaudit.agent.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * wsaudit's own settings. Each key {@code wsaudit.a.b} is read from the system property {@code
 * wsaudit.a.b}, else the environment variable {@code WSAUDIT_A_B}, else the agent arguments ({@code
 * -javaagent:wsaudit-agent.jar=a.b=v;c=w}), else its default. The exporter is configured by the
 * standard {@code OTEL_*} variables, not here.
 */
public final class AgentConfig {

  public static final String EARLY_CLOSE_THRESHOLD = "wsaudit.early.close.threshold";
  public static final String CAPTURE_HEADERS = "wsaudit.capture.headers";
  public static final String DEBUG = "wsaudit.debug";
  public static final String MAX_OPEN_CONNECTIONS = "wsaudit.max.open.connections";
  public static final String SHUTDOWN_GRACE = "wsaudit.shutdown.grace";
  public static final String REPORT_INTERVAL = "wsaudit.report.interval";
  public static final String NO_SERVER_NOTICE_AFTER = "wsaudit.no.server.notice.after";

  private static final Duration DEFAULT_EARLY_CLOSE_THRESHOLD = Duration.ofSeconds(1);
  private static final int DEFAULT_MAX_OPEN_CONNECTIONS = 100_000;

  /**
   * How long the agent's shutdown hook waits for the server's own hooks to close connections: long
   * enough for the usual graceful stops (Tomcat, Jetty, Undertow close in well under a second),
   * short against Kubernetes' 30 s termination grace period.
   */
  private static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(3);

  private final Function<String, String> source;

  AgentConfig(Function<String, String> source) {
    this.source = source;
  }

  /** Reads system properties, then the environment, then the agent arguments. */
  public static AgentConfig fromEnvironment(String agentArgs) {
    Map<String, String> args = parseAgentArgs(agentArgs);
    Map<String, String> env = System.getenv();
    return new AgentConfig(
        key -> {
          String value = System.getProperty(key);
          if (value == null) {
            value = env.get(envName(key));
          }
          if (value == null) {
            value = args.get(key);
          }
          return value;
        });
  }

  /** For tests: a fixed map of keys to values. */
  public static AgentConfig of(Map<String, String> values) {
    return new AgentConfig(values::get);
  }

  static String envName(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  static Map<String, String> parseAgentArgs(String agentArgs) {
    Map<String, String> result = new LinkedHashMap<>();
    if (agentArgs == null || agentArgs.isBlank()) {
      return result;
    }
    for (String pair : agentArgs.split(";")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        String key = pair.substring(0, eq).trim();
        result.put(
            key.startsWith("wsaudit.") ? key : "wsaudit." + key, pair.substring(eq + 1).trim());
      }
    }
    return result;
  }

  public Duration earlyCloseThreshold() {
    return duration(EARLY_CLOSE_THRESHOLD, DEFAULT_EARLY_CLOSE_THRESHOLD);
  }

  /**
   * At JVM stop, how long to wait for the server to close its connections before the agent emits
   * close spans for those still open and flushes.
   */
  public Duration shutdownGrace() {
    return duration(SHUTDOWN_GRACE, DEFAULT_SHUTDOWN_GRACE);
  }

  /** How often, at most, span losses are reported while running (only when something was lost). */
  public Duration reportInterval() {
    return duration(REPORT_INTERVAL, Duration.ofMinutes(1));
  }

  /** After how long without any supported server the agent says so, once. */
  public Duration noServerNoticeAfter() {
    return duration(NO_SERVER_NOTICE_AFTER, Duration.ofMinutes(5));
  }

  private Duration duration(String key, Duration defaultValue) {
    String raw = source.apply(key);
    if (raw == null || raw.isBlank()) {
      return defaultValue;
    }
    try {
      Duration value = parseDuration(raw.trim());
      if (value.isNegative()) {
        throw new IllegalArgumentException("negative");
      }
      return value;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          key + ": '" + raw + "' is not a duration (examples: 1s, 500ms, 1500, PT2S)");
    }
  }

  /**
   * Extra request headers to record, lower-cased; the contract's never-recorded headers are removed
   * later.
   */
  public List<String> extraCapturedHeaders() {
    String raw = source.apply(CAPTURE_HEADERS);
    if (raw == null || raw.isBlank()) {
      return Collections.emptyList();
    }
    List<String> headers = new ArrayList<>();
    for (String name : raw.split(",")) {
      String trimmed = name.trim().toLowerCase(Locale.ROOT);
      if (!trimmed.isEmpty()) {
        headers.add(trimmed);
      }
    }
    return headers;
  }

  /** Whether the server family is instrumented: {@code wsaudit.<family>.enabled}, default true. */
  public boolean familyEnabled(String family) {
    return bool("wsaudit." + family + ".enabled", true);
  }

  public boolean debug() {
    return bool(DEBUG, false);
  }

  /**
   * Upper bound on connections tracked at once; beyond it the oldest is forgotten (and counted).
   */
  public int maxOpenConnections() {
    String raw = source.apply(MAX_OPEN_CONNECTIONS);
    if (raw == null || raw.isBlank()) {
      return DEFAULT_MAX_OPEN_CONNECTIONS;
    }
    try {
      int value = Integer.parseInt(raw.trim());
      if (value < 1) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          MAX_OPEN_CONNECTIONS + ": '" + raw + "' is not a positive integer");
    }
  }

  private boolean bool(String key, boolean defaultValue) {
    String raw = source.apply(key);
    if (raw == null || raw.isBlank()) {
      return defaultValue;
    }
    String v = raw.trim().toLowerCase(Locale.ROOT);
    if (v.equals("true") || v.equals("on") || v.equals("1") || v.equals("yes")) {
      return true;
    }
    if (v.equals("false") || v.equals("off") || v.equals("0") || v.equals("no")) {
      return false;
    }
    throw new IllegalArgumentException(key + ": '" + raw + "' is not a boolean (true/false)");
  }

  static Duration parseDuration(String raw) {
    String v = raw.toLowerCase(Locale.ROOT);
    if (v.startsWith("pt")) {
      try {
        return Duration.parse(raw.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(e);
      }
    }
    if (v.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
    }
    if (v.endsWith("s")) {
      return Duration.ofNanos(
          Math.round(Double.parseDouble(v.substring(0, v.length() - 1).trim()) * 1e9));
    }
    return Duration.ofMillis(Long.parseLong(v));
  }
}
