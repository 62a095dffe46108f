package io.wsaudit.e2e.demo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the demo started and must stop: by {@code main} at the end, by the shutdown hook on Ctrl-C,
 * or (a scenario's own stage) when that scenario ends.
 */
final class DemoResources {

  private final List<AutoCloseable> started = Collections.synchronizedList(new ArrayList<>());
  private final AtomicBoolean stopped = new AtomicBoolean();

  <T extends AutoCloseable> T keep(T resource) {
    started.add(resource);
    return resource;
  }

  /** Stops one resource now, once: it is no longer stopped at the end. */
  void release(AutoCloseable resource) {
    if (started.remove(resource)) {
      closeQuietly(resource);
    }
  }

  boolean stopped() {
    return stopped.get();
  }

  /** Stops everything, newest first; safe to call twice (main and the shutdown hook). */
  void stopAll(Runnable announce) {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    announce.run();
    List<AutoCloseable> all;
    synchronized (started) {
      all = new ArrayList<>(started);
      started.clear();
    }
    Collections.reverse(all);
    all.forEach(DemoResources::closeQuietly);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // best effort
    }
  }
}
