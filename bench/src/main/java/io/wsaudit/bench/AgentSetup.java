package io.wsaudit.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What is attached to a forked server. Both agents read the same standard OTEL_* variables, aimed at the sink. */
public enum AgentSetup {
  NONE("no agent", false, false),
  WSAUDIT("wsaudit", true, false),
  OTEL("OTel agent 2.31.0", false, true),
  BOTH("both", true, true);

  private final String label;
  private final boolean wsaudit;
  private final boolean otel;

  AgentSetup(String label, boolean wsaudit, boolean otel) {
    this.label = label;
    this.wsaudit = wsaudit;
    this.otel = otel;
  }

  public String label() {
    return label;
  }

  /** The -javaagent arguments, the OpenTelemetry agent first when both are attached. */
  public List<String> jvmArgs(Path wsauditJar, Path otelJar) {
    List<String> args = new ArrayList<>();
    if (otel) {
      args.add("-javaagent:" + otelJar.toAbsolutePath());
    }
    if (wsaudit) {
      args.add("-javaagent:" + wsauditJar.toAbsolutePath());
    }
    return args;
  }

  public boolean hasAgent() {
    return wsaudit || otel;
  }
}
