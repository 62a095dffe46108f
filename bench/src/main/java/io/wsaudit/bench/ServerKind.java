package io.wsaudit.bench;

import io.wsaudit.testkit.apps.jetty.JettyEchoApp;
import io.wsaudit.testkit.apps.netty.NettyEchoApp;
import io.wsaudit.testkit.apps.tomcat.TomcatEchoApp;
import io.wsaudit.testkit.apps.undertow.UndertowEchoApp;
import java.util.List;

/**
 * The echo servers the bench forks: the test kit's echo apps, on the bench's class path (their core
 * jars only). Each takes {@code --port N}, echoes text on {@code /ws}, prints {@code READY port=N},
 * and obeys {@code heap} on stdin (see {@code AppSupport}). Adding a server is one constant here.
 */
public enum ServerKind {
  UNDERTOW("Undertow 2.3", UndertowEchoApp.class, List.of()),
  // The memory phase holds connections open and idle: longer than any phase.
  JETTY("Jetty 12", JettyEchoApp.class, List.of("--idle-ms", "600000")),
  TOMCAT("Tomcat 11", TomcatEchoApp.class, List.of()),
  // As many event loop threads as Undertow has I/O threads on this machine (2 cores: 2).
  NETTY("Netty 4.1", NettyEchoApp.class, List.of("--event-loop-threads", "2"));

  private final String label;
  private final Class<?> mainClass;
  private final List<String> args;

  ServerKind(String label, Class<?> mainClass, List<String> args) {
    this.label = label;
    this.mainClass = mainClass;
    this.args = args;
  }

  /** What the server takes beside its port. */
  public List<String> args() {
    return args;
  }

  public String label() {
    return label;
  }

  public Class<?> mainClass() {
    return mainClass;
  }
}
