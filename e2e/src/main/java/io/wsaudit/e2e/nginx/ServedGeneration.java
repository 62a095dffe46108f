package io.wsaudit.e2e.nginx;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;

/**
 * The configuration generation a model's nginx serves: every model's default server answers {@link
 * #PATH} with it ({@link ModelFrame#generationProbe}), so that a start or a reload of the test
 * kit's nginx can be awaited until the new workers answer.
 */
public final class ServedGeneration {

  /** The location every model's default server answers with the configuration's generation. */
  public static final String PATH = "/.wsaudit-model-generation";

  private final URI probe;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** For the nginx listening on {@code port} of 127.0.0.1. */
  public ServedGeneration(int port) {
    this.probe = URI.create("http://127.0.0.1:" + port + PATH);
  }

  /** Polls until nginx serves this generation (or a newer one) while {@code alive} holds. */
  public void await(long generation, Duration atMost, BooleanSupplier alive) {
    Awaitility.await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(25))
        .ignoreExceptions()
        .until(() -> alive.getAsBoolean() && current() >= generation);
  }

  /** The generation nginx's current workers serve, or -1. */
  public long current() {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(2)).build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? Long.parseLong(r.body().trim()) : -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
