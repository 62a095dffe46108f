package io.wsaudit.testkit.nginx;

import io.wsaudit.testkit.process.LocalServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * A real nginx (the distribution's binary) on 127.0.0.1: {@code nginx -p DIR -c FILE} with {@code
 * daemon off} as a child process, every configuration checked with {@code nginx -t} first, reloaded
 * with {@code -s reload} as the ingress-nginx controller does after writing a new one.
 */
public final class Nginx implements AutoCloseable {

  private static final Duration CHECK_TIME = Duration.ofSeconds(20);

  private final Path dir;
  private final Path conf;
  private final Process process;

  private Nginx(Path dir, Path conf, Process process) {
    this.dir = dir;
    this.conf = conf;
    this.process = process;
  }

  /** The nginx binary, or null when nginx is not installed. */
  public static String binary() {
    for (String candidate :
        List.of(
            "/usr/sbin/nginx",
            "/usr/bin/nginx",
            "/usr/local/sbin/nginx",
            "/usr/local/nginx/sbin/nginx")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    return null;
  }

  /** Root must say {@code user root;}, or nginx's workers run as nobody and cannot read DIR. */
  public static boolean runningAsRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /**
   * The main context of a test's nginx kept in {@code dir}: root's {@code user} line, one worker in
   * the foreground, its pid file and {@code dir/error.log} at {@code errorLevel}, and the events
   * block. The http block follows.
   */
  public static String mainContext(Path dir, String errorLevel) {
    return (runningAsRoot() ? "user root;\n" : "")
        + "worker_processes 1;\ndaemon off;\npid "
        + dir.resolve("nginx.pid")
        + ";\nerror_log "
        + dir.resolve("error.log")
        + " "
        + errorLevel
        + ";\nevents { worker_connections 64; }\n";
  }

  /** The http-context lines that keep every module's temporary files in {@code dir}. */
  public static String tempPaths(Path dir) {
    StringBuilder sb = new StringBuilder();
    for (String module : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
      sb.append(' ').append(module).append("_temp_path ").append(dir.resolve(module)).append(";\n");
    }
    return sb.toString();
  }

  /** Writes the configuration to {@code dir/nginx.conf}, checks it and starts nginx. */
  public static Nginx start(Path dir, String config) throws IOException {
    String bin = binary();
    if (bin == null) {
      throw new IllegalStateException(
          "nginx is not installed (Debian/Ubuntu: sudo apt-get install -y nginx)");
    }
    Path conf = dir.resolve("nginx.conf");
    Files.writeString(conf, config, StandardCharsets.UTF_8);
    check(dir, conf);
    Process p =
        new ProcessBuilder(bin, "-p", dir.toString(), "-c", conf.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("stdout.log").toFile())
            .start();
    return new Nginx(dir, conf, p);
  }

  /** Checks a new configuration, puts it in place and signals a reload (new workers follow). */
  public void reload(String config) throws IOException {
    Path candidate = dir.resolve("nginx.conf.next");
    Files.writeString(candidate, config, StandardCharsets.UTF_8);
    check(dir, candidate);
    Files.move(
        candidate, conf, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    String failed =
        LocalServers.failureOf(
            CHECK_TIME, binary(), "-p", dir.toString(), "-c", conf.toString(), "-s", "reload");
    if (failed != null) {
      throw new IllegalStateException("nginx -s reload failed:\n" + failed);
    }
  }

  /** Waits until every port accepts connections; fails with nginx's output if it exits first. */
  public void awaitListening(Duration atMost, int... ports) throws IOException {
    try {
      Awaitility.await()
          .atMost(atMost)
          .pollInterval(Duration.ofMillis(50))
          .until(() -> !process.isAlive() || LocalServers.accepting(ports));
    } catch (RuntimeException e) {
      close();
      throw new IllegalStateException("nginx did not listen: " + log(), e);
    }
    if (!process.isAlive()) {
      throw new IllegalStateException(
          "nginx exited: " + Files.readString(dir.resolve("stdout.log")) + log());
    }
  }

  private static void check(Path dir, Path file) throws IOException {
    String out =
        LocalServers.failureOf(
            CHECK_TIME, binary(), "-t", "-q", "-p", dir.toString(), "-c", file.toString());
    if (out != null) {
      throw new IllegalStateException("nginx -t failed for " + file + ":\n" + out);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path dir() {
    return dir;
  }

  public long pid() {
    return process.pid();
  }

  /** nginx's error log so far. */
  public String log() {
    try {
      Path err = dir.resolve("error.log");
      return Files.isRegularFile(err) ? Files.readString(err) : "";
    } catch (IOException e) {
      return "";
    }
  }

  /** Stops the master (SIGTERM: fast shutdown, workers included), then forcibly. */
  @Override
  public void close() {
    LocalServers.stop(process);
  }
}
