package io.wsaudit.testkit.apps;

import io.wsaudit.testkit.process.DaemonThreads;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What every echo app shares: options from its arguments ({@code --port N}, default a free one;
 * {@code --idle-ms N}), the {@code READY port=N} line its launchers wait for, and commands on
 * standard input, so that measuring touches no socket an agent might instrument: {@code heap}
 * forces full GCs and prints {@code HEAP used=<bytes>}; {@code exit} stops the JVM.
 */
public final class AppSupport {

  private AppSupport() {}

  /** The value after {@code --name} in the arguments, if given. */
  public static Optional<Long> option(String[] args, String name) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("--" + name)) {
        return Optional.of(Long.parseLong(args[i + 1]));
      }
    }
    return Optional.empty();
  }

  /** {@code --port N}, else 0 (the system picks a free port). */
  public static int port(String[] args) {
    return option(args, "port").map(Long::intValue).orElse(0);
  }

  /** Says the app is serving, then listens for commands on stdin. */
  public static void ready(int port) {
    System.out.println("READY port=" + port);
    System.out.flush();
    Thread commands = new Thread(AppSupport::commands, "app-commands");
    commands.setDaemon(true);
    commands.start();
  }

  /** Runs {@code task} once, {@code millis} from now, on the apps' one timer thread. */
  public static void after(Runnable task, long millis) {
    Timer.THREAD.schedule(task, millis, TimeUnit.MILLISECONDS);
  }

  /** Made on first use only: an app that schedules nothing (the bench's) runs no extra thread. */
  private static final class Timer {
    static final ScheduledExecutorService THREAD =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("app-timer"));
  }

  /** Whether a library is on the class path (an app adds the endpoints it can run). */
  public static boolean present(String className) {
    try {
      Class.forName(className, false, AppSupport.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static void commands() {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        switch (line.trim()) {
          case "heap" -> System.out.println("HEAP used=" + usedHeapAfterGc());
          case "exit" -> System.exit(0);
          default -> System.out.println("UNKNOWN " + line);
        }
        System.out.flush();
      }
    } catch (IOException ignored) {
      // the launcher went away
    }
  }

  /** Heap in use after full collections, settled: the smallest of a few readings. */
  static long usedHeapAfterGc() {
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      best = Math.min(best, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return best;
  }
}
