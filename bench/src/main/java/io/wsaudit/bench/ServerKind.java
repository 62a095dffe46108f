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
  // Tomcat keeps ~75 KB per open WebSocket connection (its buffers): at 512 MB its server ran out
  // of heap at ~7,150 held connections even without an agent. Its connector accepts at most 8,192
  // connections (maxConnections' default), so it holds 8,000, not 10,000.
  TOMCAT("Tomcat 11", TomcatEchoApp.class, List.of(), 1536, 8_000),
  // As many event loop threads as Undertow has I/O threads on this machine (2 cores: 2).
  NETTY("Netty 4.1", NettyEchoApp.class, List.of("--event-loop-threads", "2"));

  /** The servers' heap limit unless a server needs more to hold the connections. */
  static final int DEFAULT_HEAP_MB = 512;

  /** No limit of the server's own on the connections the heap phase holds. */
  static final int ANY = Integer.MAX_VALUE;

  private final String label;
  private final Class<?> mainClass;
  private final List<String> args;
  private final int heapMb;
  private final int maxHeld;

  ServerKind(String label, Class<?> mainClass, List<String> args) {
    this(label, mainClass, args, DEFAULT_HEAP_MB, ANY);
  }

  ServerKind(String label, Class<?> mainClass, List<String> args, int heapMb, int maxHeld) {
    this.label = label;
    this.mainClass = mainClass;
    this.args = args;
    this.heapMb = heapMb;
    this.maxHeld = maxHeld;
  }

  /** How many of {@code wanted} connections the heap phase holds open on this server. */
  public int held(int wanted) {
    return Math.min(wanted, maxHeld);
  }

  /** The server JVM's {@code -Xmx}, in MB, with or without an agent. */
  public int heapMb() {
    return heapMb;
  }

  /**
   * How the servers' heap limits read in the report: the default, then each server that differs
   * (and how many connections it holds, where it holds fewer).
   */
  static String heapLimits() {
    StringBuilder s = new StringBuilder("`-Xmx" + DEFAULT_HEAP_MB + "m`");
    for (ServerKind kind : values()) {
      if (kind.heapMb != DEFAULT_HEAP_MB || kind.maxHeld != ANY) {
        s.append(" (").append(kind.label).append(": `-Xmx").append(kind.heapMb).append("m`");
        if (kind.maxHeld != ANY) {
          s.append(" and at most ").append(kind.maxHeld).append(" connections held");
        }
        s.append(" in every setup, which its server needs to hold them)");
      }
    }
    return s.toString();
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
