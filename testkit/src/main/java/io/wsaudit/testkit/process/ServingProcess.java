package io.wsaudit.testkit.process;

import java.time.Duration;
import java.util.List;

/**
 * A forked program that serves on a port of 127.0.0.1: a test app with or without the agent, an
 * echo server of another language, a bench server. What their launchers share: the port (told to
 * the child, or read from its {@code READY port=N} line), the child's output and a bounded stop. A
 * launcher extends it with what is particular to its job.
 */
public class ServingProcess implements AutoCloseable {

  private final ForkedProcess process;
  private final int port;
  private final Duration stopGrace;

  /**
   * A child given its port (e.g. {@code --port N}); whether it serves yet is the caller's to probe.
   *
   * @param stopGrace how long {@link #close} waits after SIGTERM before killing
   */
  protected ServingProcess(ForkedProcess process, int port, Duration stopGrace) {
    this.process = process;
    this.port = port;
    this.stopGrace = stopGrace;
  }

  /**
   * Waits for the child's {@code READY port=N} line; when it does not come within {@code
   * readyWithin}, stops the child and throws.
   *
   * @param hint what to check when it does not start (null: nothing to add)
   */
  protected ServingProcess(
      ForkedProcess process, Duration readyWithin, Duration stopGrace, String hint) {
    this(process, readyPort(process, readyWithin, hint), stopGrace);
  }

  private static int readyPort(ForkedProcess process, Duration within, String hint) {
    try {
      return process.awaitReadyPort(within);
    } catch (RuntimeException e) {
      // A child that did not start has nothing to flush: a short grace.
      process.stop(Duration.ofSeconds(2));
      throw new IllegalStateException(
          process.name() + " did not start" + (hint == null ? "" : " (" + hint + ")"), e);
    }
  }

  /** The forked process itself: its stdin, CPU time and exit. */
  public ForkedProcess process() {
    return process;
  }

  public int port() {
    return port;
  }

  public String name() {
    return process.name();
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** What the child printed so far (stdout and stderr, bounded). */
  public List<String> output() {
    return process.output();
  }

  /** SIGTERM (shutdown hooks run: an agent flushes), then forcibly after the launcher's grace. */
  @Override
  public void close() {
    process.stop(stopGrace);
  }
}
