package io.wsaudit.e2e.nginx;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A real nginx (the distribution's binary) on 127.0.0.1: {@code nginx -p DIR -c FILE} with {@code
 * daemon off} as a child process, reloaded with {@code nginx -p DIR -c FILE -s reload}, as the
 * ingress-nginx controller does after writing a new configuration.
 */
public final class NginxProcess implements AutoCloseable {

  private final Path dir;
  private final Path conf;
  private final int port;
  private final Process process;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private NginxProcess(Path dir, Path conf, int port, Process process) {
    this.dir = dir;
    this.conf = conf;
    this.port = port;
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

  public static boolean runningAsRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /**
   * Writes the configuration, checks it with {@code nginx -t} and starts nginx; returns once it
   * answers.
   */
  public static NginxProcess start(Path dir, int port, String config, long generation)
      throws IOException {
    String bin = binary();
    if (bin == null) {
      throw new IllegalStateException(
          "nginx is not installed (Debian/Ubuntu: sudo apt-get install -y nginx)");
    }
    Path conf = dir.resolve("nginx.conf");
    Files.writeString(conf, config, StandardCharsets.UTF_8);
    test(bin, dir, conf);
    Process p =
        new ProcessBuilder(bin, "-p", dir.toString(), "-c", conf.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("stdout.log").toFile())
            .start();
    NginxProcess nginx = new NginxProcess(dir, conf, port, p);
    try {
      nginx.awaitGeneration(generation, Duration.ofSeconds(10));
    } catch (RuntimeException e) {
      nginx.close();
      throw new IllegalStateException("nginx did not start: " + nginx.log(), e);
    }
    return nginx;
  }

  /**
   * Writes the new configuration, tests it, sends the reload signal and waits until the new workers
   * answer.
   */
  public void reload(String config, long generation) throws IOException {
    Path candidate = dir.resolve("nginx.conf.next");
    Files.writeString(candidate, config, StandardCharsets.UTF_8);
    test(binary(), dir, candidate);
    Files.move(
        candidate,
        conf,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    run(binary(), "-p", dir.toString(), "-c", conf.toString(), "-s", "reload");
    awaitGeneration(generation, Duration.ofSeconds(10));
  }

  private static void test(String bin, Path dir, Path file) throws IOException {
    String out = run(bin, "-t", "-q", "-p", dir.toString(), "-c", file.toString());
    if (out != null) {
      throw new IllegalStateException("nginx -t failed for " + file + ":\n" + out);
    }
  }

  /** Runs a command; null when it succeeded, its output when it failed. */
  private static String run(String... command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
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

  /** Polls the model's generation location until nginx serves this generation (or a newer one). */
  public void awaitGeneration(long generation, Duration atMost) {
    Awaitility.await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(25))
        .ignoreExceptions()
        .until(() -> process.isAlive() && servedGeneration() >= generation);
  }

  /** The generation nginx's current workers serve, or -1. */
  public long servedGeneration() {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + port + IngressNginxModel.GENERATION_PATH))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? Long.parseLong(r.body().trim()) : -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  public int port() {
    return port;
  }

  public Path dir() {
    return dir;
  }

  public long pid() {
    return process.pid();
  }

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
