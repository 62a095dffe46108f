package io.wsaudit.testkit.process;

import java.util.concurrent.ThreadFactory;

/** Threads of test servers and clients that never keep a JVM alive once its work is done. */
public final class DaemonThreads {

  private DaemonThreads() {}

  /** Daemon threads, every one named {@code name}. */
  public static ThreadFactory named(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
