package io.wsaudit.testkit.process;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** What the launchers of real servers (nginx, haproxy) share: probing ports, commands, stopping. */
public final class LocalServers {

  private LocalServers() {}

  /** True when every port accepts a TCP connection on 127.0.0.1. */
  public static boolean accepting(int... ports) {
    for (int port : ports) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        // accepted
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }

  /** Runs a command; null when it succeeded, its output (or why it did not end) when it failed. */
  public static String failureOf(Duration atMost, String... command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      if (!p.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        return "timed out: " + String.join(" ", command);
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return p.exitValue() == 0 ? null : out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      return "interrupted";
    }
  }

  /** SIGTERM, then after 10 s SIGKILL to the process and whatever it started. */
  public static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
