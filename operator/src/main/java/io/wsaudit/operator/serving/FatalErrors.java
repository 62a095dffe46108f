package io.wsaudit.operator.serving;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a dying thread loud: an {@link Error} (OutOfMemoryError above all) escaping any thread ends
 * the process with a non-zero status, so Kubernetes restarts a clean one instead of keeping a pod
 * whose server threads are gone (the ops dispatcher dying left /healthz hanging while the pod
 * looked alive). Other exceptions escaping a thread are logged once. The chart also passes {@code
 * -XX:+ExitOnOutOfMemoryError}, which covers errors that are caught and swallowed by libraries.
 */
public final class FatalErrors {

  private static final Logger LOG = LoggerFactory.getLogger(FatalErrors.class);
  static final int EXIT_STATUS = 70;

  private FatalErrors() {}

  public static void install() {
    Thread.setDefaultUncaughtExceptionHandler(FatalErrors::uncaught);
  }

  static void uncaught(Thread thread, Throwable e) {
    if (e instanceof Error) {
      try {
        LOG.error("thread {} died of {}; exiting so that the pod restarts", thread.getName(), e);
      } finally {
        // halt, not exit: shutdown hooks could need the memory or threads that are gone.
        Runtime.getRuntime().halt(EXIT_STATUS);
      }
    } else {
      LOG.error("thread {} ended by an uncaught exception", thread.getName(), e);
    }
  }
}
