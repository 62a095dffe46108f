package io.wsaudit.bench.operator;

import io.wsaudit.bench.Histogram;
import io.wsaudit.testkit.process.ForkedJvm;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator as it ships: {@code java -jar wsaudit-operator.jar} in its own JVM, configured as in
 * a pod by {@code WSAUDIT_*} variables and a {@code KUBECONFIG} (here pointing at the mock API
 * server), every port free.
 */
public final class ForkedOperator implements AutoCloseable {

  private static final Pattern STARTED =
      Pattern.compile("OTLP/HTTP (\\d+), OTLP/gRPC (\\d+), health and metrics (\\d+)");
  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

  private final ForkedJvm jvm;
  private int opsPort = -1;

  private ForkedOperator(ForkedJvm jvm) {
    this.jvm = jvm;
  }

  public static ForkedOperator start(Path jar, Path kubeconfig, List<String> jvmArgs)
      throws IOException {
    return new ForkedOperator(
        ForkedJvm.jar("operator", jar)
            .jvmArgs(jvmArgs)
            .env(
                Map.of(
                    "KUBECONFIG", kubeconfig.toString(),
                    "WSAUDIT_BIND_ADDRESS", "127.0.0.1",
                    "WSAUDIT_OTLP_HTTP_PORT", "0",
                    "WSAUDIT_OTLP_GRPC_PORT", "0",
                    "WSAUDIT_HTTP_PORT", "0"))
            .start());
  }

  /**
   * Waits for the start line (printed once the informer caches have synced) and a 200 from {@code
   * /readyz}; returns the milliseconds from process start.
   */
  public double awaitReady(Duration atMost) throws Exception {
    Poll.until(
        "operator started (its output: " + tail() + ")",
        atMost,
        () -> {
          if (!jvm.isAlive()) {
            throw new IllegalStateException(
                "operator exited " + jvm.process().exitValue() + ": " + tail());
          }
          for (String line : jvm.output()) {
            Matcher m = STARTED.matcher(line);
            if (m.find()) {
              opsPort = Integer.parseInt(m.group(3));
              return true;
            }
          }
          return false;
        });
    HttpClient http = HttpClient.newHttpClient();
    Poll.until(
        "/readyz answers 200",
        Duration.ofSeconds(30),
        () -> {
          try {
            return http.send(
                        HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + opsPort + "/readyz"))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                        HttpResponse.BodyHandlers.discarding())
                    .statusCode()
                == 200;
          } catch (IOException e) {
            return false;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
        });
    return (System.nanoTime() - jvm.startNanos()) / 1e6;
  }

  public long pid() {
    return jvm.pid();
  }

  public int opsPort() {
    return opsPort;
  }

  /** Heap in use after a full GC ({@code jcmd GC.run}, then {@code GC.heap_info}), in bytes. */
  public long heapUsedAfterGc() throws IOException, InterruptedException {
    jcmd("GC.run");
    jcmd("GC.run");
    String info = jcmd("GC.heap_info");
    Matcher m = HEAP_USED.matcher(info);
    if (!m.find()) {
      throw new IllegalStateException("no heap figure in: " + info);
    }
    return Long.parseLong(m.group(1)) * 1024;
  }

  public Histogram histogram() {
    return Histogram.of(jvm.pid());
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p =
        new ProcessBuilder(jcmd.toString(), Long.toString(jvm.pid()), command)
            .redirectErrorStream(true)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException(
          "jcmd " + command + " failed: " + new String(out, StandardCharsets.UTF_8));
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  public String tail() {
    List<String> l = jvm.output();
    return String.join("\n", l.subList(Math.max(0, l.size() - 15), l.size()));
  }

  @Override
  public void close() {
    jvm.close();
  }
}
