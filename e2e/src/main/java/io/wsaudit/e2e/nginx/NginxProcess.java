package io.wsaudit.e2e.nginx;

import io.wsaudit.testkit.nginx.Nginx;
import io.wsaudit.testkit.process.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;

/**
 * The test kit's {@link Nginx} as the nginx models drive it: every start and reload waits until
 * nginx serves the model's new generation (its generation location answers with it).
 */
public final class NginxProcess implements AutoCloseable {

  /**
   * Every model's default server answers this path with the configuration's generation ({@link
   * ModelFrame#generationProbe}), so a reload can be verified.
   */
  public static final String GENERATION_PATH = "/.wsaudit-model-generation";

  private final Nginx nginx;
  private final int port;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private NginxProcess(Nginx nginx, int port) {
    this.nginx = nginx;
    this.port = port;
  }

  /** The nginx binary, or null when nginx is not installed. */
  public static String binary() {
    return Nginx.binary();
  }

  public static boolean runningAsRoot() {
    return Nginx.runningAsRoot();
  }

  public static int freePort() {
    return Ports.free();
  }

  /** Writes and checks the configuration, starts nginx; returns once it serves the generation. */
  public static NginxProcess start(Path dir, int port, String config, long generation)
      throws IOException {
    NginxProcess process = new NginxProcess(Nginx.start(dir, config), port);
    try {
      process.awaitGeneration(generation, Duration.ofSeconds(10));
    } catch (RuntimeException e) {
      process.close();
      throw new IllegalStateException("nginx did not start: " + process.log(), e);
    }
    return process;
  }

  /** Checks and installs the new configuration, reloads, and waits until the new workers answer. */
  public void reload(String config, long generation) throws IOException {
    nginx.reload(config);
    awaitGeneration(generation, Duration.ofSeconds(10));
  }

  /** Polls the model's generation location until nginx serves this generation (or a newer one). */
  public void awaitGeneration(long generation, Duration atMost) {
    Awaitility.await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(25))
        .ignoreExceptions()
        .until(() -> nginx.isAlive() && servedGeneration() >= generation);
  }

  /** The generation nginx's current workers serve, or -1. */
  public long servedGeneration() {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + GENERATION_PATH))
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
    return nginx.dir();
  }

  public long pid() {
    return nginx.pid();
  }

  public String log() {
    return nginx.log();
  }

  @Override
  public void close() {
    nginx.close();
  }
}
