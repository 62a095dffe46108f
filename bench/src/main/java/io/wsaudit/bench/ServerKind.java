package io.wsaudit.bench;

import io.wsaudit.bench.servers.JettyBenchServer;
import io.wsaudit.bench.servers.UndertowBenchServer;

/**
 * The echo servers the bench forks. Each main class takes its port as the first argument, echoes
 * text on {@code /ws}, prints {@code READY port=N}, and obeys {@code heap} on stdin (see {@code
 * ServerSupport}). Adding a server is one constant here.
 */
public enum ServerKind {
  UNDERTOW("Undertow 2.3", UndertowBenchServer.class),
  JETTY("Jetty 12", JettyBenchServer.class);

  private final String label;
  private final Class<?> mainClass;

  ServerKind(String label, Class<?> mainClass) {
    this.label = label;
    this.mainClass = mainClass;
  }

  public String label() {
    return label;
  }

  public Class<?> mainClass() {
    return mainClass;
  }
}
