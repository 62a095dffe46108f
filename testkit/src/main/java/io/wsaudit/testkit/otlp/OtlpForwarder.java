package io.wsaudit.testkit.otlp;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Passes OTLP/HTTP export requests on, unchanged, to further receivers: an agent exports to one
 * endpoint only, so a test that both looks at the spans and feeds them to an operator needs a
 * fan-out.
 */
final class OtlpForwarder {

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<String> targets = new CopyOnWriteArrayList<>();
  private final List<String> errors = new CopyOnWriteArrayList<>();

  void addTarget(String baseUrl) {
    targets.add(baseUrl.replaceAll("/+$", ""));
  }

  void clearTargets() {
    targets.clear();
  }

  List<String> errors() {
    return List.copyOf(errors);
  }

  void forward(byte[] body, String contentType, String contentEncoding) {
    for (String target : targets) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(target + "/v1/traces"))
              .timeout(Duration.ofSeconds(5))
              .header("Content-Type", contentType == null ? "application/x-protobuf" : contentType)
              .POST(HttpRequest.BodyPublishers.ofByteArray(body));
      if (contentEncoding != null) {
        request.header("Content-Encoding", contentEncoding);
      }
      try {
        HttpResponse<Void> r = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() / 100 != 2) {
          errors.add(target + ": HTTP " + r.statusCode());
        }
      } catch (IOException e) {
        errors.add(target + ": " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  void error(String what) {
    errors.add(what);
  }
}
