package io.wsaudit.testkit.haproxy;

import io.wsaudit.testkit.process.LocalServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * A real haproxy (the distribution's binary) on 127.0.0.1: {@code haproxy -db -f FILE} in the
 * foreground as a child process, every configuration checked with {@code haproxy -c} first. A
 * reload starts a new process with {@code -sf OLD_PID}: the new one binds, then tells the old one
 * to stop listening and finish its connections, which {@code hard-stop-after} bounds
 * (haproxy/haproxy {@code doc/management.txt} §4 "Stopping and restarting HAProxy"). The HAProxy
 * Kubernetes Ingress controller reloads its master-worker haproxy the same way in effect: old
 * workers keep their connections until they end or {@code hard-stop-after} fires.
 */
public final class Haproxy implements AutoCloseable {

  private final Path dir;
  private final Path conf;
  private Process current;
  private final List<Process> replaced = new ArrayList<>();
  private int generation;

  private Haproxy(Path dir, Path conf, Process current) {
    this.dir = dir;
    this.conf = conf;
    this.current = current;
  }

  /** The haproxy binary, or null when haproxy is not installed. */
  public static String binary() {
    for (String candidate :
        List.of("/usr/sbin/haproxy", "/usr/bin/haproxy", "/usr/local/sbin/haproxy")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    return null;
  }

  /** {@code haproxy -v}'s first line, e.g. "HAProxy version 2.6.12-1+deb12u4 ...". */
  public static String version() throws IOException {
    Process p = new ProcessBuilder(requireBinary(), "-v").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return out.lines().findFirst().orElse("").trim();
  }

  /** Writes the configuration to {@code dir/haproxy.cfg}, checks it and starts haproxy. */
  public static Haproxy start(Path dir, String config) throws IOException {
    String bin = requireBinary();
    Path conf = dir.resolve("haproxy.cfg");
    Files.writeString(conf, config, StandardCharsets.UTF_8);
    check(conf);
    return new Haproxy(dir, conf, launch(bin, dir, conf, 0, List.of()));
  }

  /**
   * Checks a new configuration, puts it in place and starts a new haproxy with {@code -sf}: the old
   * process stops accepting and keeps its open connections until they end or its {@code
   * hard-stop-after} fires.
   */
  public void reload(String config) throws IOException {
    Path candidate = dir.resolve("haproxy.cfg.next");
    Files.writeString(candidate, config, StandardCharsets.UTF_8);
    check(candidate);
    Files.move(
        candidate, conf, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Process old = current;
    generation++;
    current =
        launch(requireBinary(), dir, conf, generation, List.of("-sf", Long.toString(old.pid())));
    replaced.add(old);
    Process next = current;
    try {
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> !next.isAlive() || !ListeningSockets.held(old.pid()));
    } catch (RuntimeException e) {
      throw new IllegalStateException("the replaced haproxy kept listening: " + output(), e);
    }
    if (!next.isAlive()) {
      throw new IllegalStateException("the new haproxy exited: " + output());
    }
  }

  /** Waits until every port accepts connections; fails with haproxy's output if it exits first. */
  public void awaitListening(Duration atMost, int... ports) {
    Process p = current;
    try {
      Awaitility.await()
          .atMost(atMost)
          .pollInterval(Duration.ofMillis(50))
          .until(() -> !p.isAlive() || LocalServers.accepting(ports));
    } catch (RuntimeException e) {
      throw new IllegalStateException("haproxy did not listen: " + output(), e);
    }
    if (!p.isAlive()) {
      throw new IllegalStateException("haproxy exited: " + output());
    }
  }

  /** The processes a reload replaced that still run (they hold connections opened before it). */
  public List<ProcessHandle> replacedAlive() {
    return replaced.stream().filter(Process::isAlive).map(Process::toHandle).toList();
  }

  private static Process launch(String bin, Path dir, Path conf, int gen, List<String> extra)
      throws IOException {
    List<String> command = new ArrayList<>(List.of(bin, "-db", "-f", conf.toString()));
    command.addAll(extra);
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("haproxy-" + gen + ".log").toFile())
        .start();
  }

  private static String requireBinary() {
    String bin = binary();
    if (bin == null) {
      throw new IllegalStateException(
          "haproxy is not installed (Debian/Ubuntu: sudo apt-get install -y haproxy)");
    }
    return bin;
  }

  private static void check(Path file) throws IOException {
    String failed =
        LocalServers.failureOf(
            Duration.ofSeconds(20), requireBinary(), "-c", "-f", file.toString());
    if (failed != null) {
      throw new IllegalStateException("haproxy -c failed for " + file + ":\n" + failed);
    }
  }

  public boolean isAlive() {
    return current.isAlive();
  }

  public Path dir() {
    return dir;
  }

  public long pid() {
    return current.pid();
  }

  /** What every haproxy process of this instance printed so far. */
  public String output() {
    StringBuilder sb = new StringBuilder();
    for (int gen = 0; gen <= generation; gen++) {
      try {
        Path log = dir.resolve("haproxy-" + gen + ".log");
        if (Files.isRegularFile(log)) {
          sb.append(Files.readString(log));
        }
      } catch (IOException e) {
        sb.append("(unreadable haproxy-").append(gen).append(".log)\n");
      }
    }
    return sb.toString();
  }

  /** Stops every process of this instance (SIGTERM: hard stop), then forcibly. */
  @Override
  public void close() {
    replaced.forEach(Process::destroy);
    replaced.forEach(LocalServers::stop);
    LocalServers.stop(current);
  }
}
