package io.wsaudit.agent.telemetry;

import io.wsaudit.agent.log.AgentLog;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * What the agent says while the application runs, not only at exit: span losses (at most one line
 * per interval, and only when something was lost), and one line when no supported server was seen
 * after a while, since an unsupported server (Tyrus on Grizzly, say) otherwise looks like a working
 * agent that records nothing.
 */
public final class RunningReport {

  private final SpanCounters counters;
  private final long lossFloor;
  private long reportedFailed;
  private long reportedDropped;

  /**
   * {@code lossFloor}: spans that may legitimately wait (queue plus one batch); more not exported
   * than that means the queue overflowed.
   */
  RunningReport(SpanCounters counters, long lossFloor) {
    this.counters = counters;
    this.lossFloor = lossFloor;
  }

  /** Starts the daemon thread that reports; it never keeps the JVM alive. */
  public static void start(
      SpanCounters counters,
      long lossFloor,
      Duration interval,
      Duration noServerAfter,
      BooleanSupplier anyServerSeen,
      List<String> supported) {
    RunningReport report = new RunningReport(counters, lossFloor);
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "wsaudit-report");
              t.setDaemon(true);
              return t;
            });
    long every = Math.max(1, interval.toMillis());
    timer.scheduleWithFixedDelay(
        () -> {
          String line = report.lossLine();
          if (line != null) {
            AgentLog.info(line);
          }
        },
        every,
        every,
        TimeUnit.MILLISECONDS);
    timer.schedule(
        () -> {
          if (!anyServerSeen.getAsBoolean()) {
            AgentLog.info(
                "no supported WebSocket server seen in "
                    + noServerAfter.toSeconds()
                    + " s; supported: "
                    + String.join(", ", supported)
                    + " (nothing will be recorded for other servers)");
          }
        },
        Math.max(1, noServerAfter.toMillis()),
        TimeUnit.MILLISECONDS);
  }

  /** The line to print now, or null when nothing new was lost since the last line. */
  synchronized String lossLine() {
    long failed = counters.exportFailed();
    long dropped = Math.max(0, counters.notExported() - lossFloor);
    if (failed <= reportedFailed && dropped <= reportedDropped) {
      return null;
    }
    String line =
        "spans lost while running: export failed "
            + (failed - reportedFailed)
            + ", at least "
            + Math.max(0, dropped - reportedDropped)
            + " dropped (queue full) since the last report; totals: "
            + counters;
    reportedFailed = failed;
    reportedDropped = Math.max(dropped, reportedDropped);
    return line;
  }
}
