package io.wsaudit.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What is attached to a forked server. Both agents read the same standard OTEL_* variables, aimed
 * at the sink.
 */
public enum AgentSetup {
  NONE("no agent", false, false, false),
  WSAUDIT("wsaudit", true, false, false),
  OTEL("OTel agent 2.31.0", false, true, false),
  /** Both, wsaudit's -javaagent first. */
  BOTH("both (wsaudit first)", true, true, false),
  /**
   * Both, the OpenTelemetry agent first (not in the default run; select it with {@code --setups}).
   */
  BOTH_OTEL_FIRST("both (OTel first)", true, true, true),
  /** The OpenTelemetry agent alone on the command line, wsaudit as its extension. */
  EXTENSION("wsaudit as OTel agent extension", true, true, true);

  /** What a run measures unless told otherwise. */
  public static final java.util.List<AgentSetup> DEFAULT =
      java.util.List.of(NONE, WSAUDIT, OTEL, BOTH, EXTENSION);

  private final String label;
  private final boolean wsaudit;
  private final boolean otel;
  private final boolean otelFirst;

  AgentSetup(String label, boolean wsaudit, boolean otel, boolean otelFirst) {
    this.label = label;
    this.wsaudit = wsaudit;
    this.otel = otel;
    this.otelFirst = otelFirst;
  }

  public String label() {
    return label;
  }

  /** The -javaagent arguments, in this setup's order. */
  public List<String> jvmArgs(Path wsauditJar, Path otelJar) {
    List<String> args = new ArrayList<>();
    if (this == EXTENSION) {
      args.add("-javaagent:" + otelJar.toAbsolutePath());
      args.add("-Dotel.javaagent.extensions=" + wsauditJar.toAbsolutePath());
      return args;
    }
    if (wsaudit) {
      args.add("-javaagent:" + wsauditJar.toAbsolutePath());
    }
    if (otel) {
      args.add(otelFirst ? 0 : args.size(), "-javaagent:" + otelJar.toAbsolutePath());
    }
    return args;
  }

  public boolean hasAgent() {
    return wsaudit || otel;
  }
}
