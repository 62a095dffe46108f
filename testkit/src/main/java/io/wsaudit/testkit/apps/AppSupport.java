package io.wsaudit.bench.servers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * What every bench server shares: its port from the first argument, the {@code READY port=N} line,
 * and commands on standard input (so measuring touches no socket the agents might instrument):
 * {@code heap} forces a full GC and prints {@code HEAP used=<bytes>}; {@code exit} stops the JVM.
 */
public final class ServerSupport {

  private ServerSupport() {}

  public static int port(String[] args) {
    return args.length > 0 ? Integer.parseInt(args[0]) : 0;
  }

  public static void ready(int port) {
    System.out.println("READY port=" + port);
    System.out.flush();
    Thread commands = new Thread(ServerSupport::commands, "bench-commands");
    commands.setDaemon(true);
    commands.start();
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
      // the bench went away
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
