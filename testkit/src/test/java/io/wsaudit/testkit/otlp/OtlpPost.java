package io.wsaudit.testkit.otlp;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.zip.GZIPOutputStream;

/** Posts one OTLP/HTTP export body, optionally gzip, as an exporter would; returns the status. */
final class OtlpPost {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private OtlpPost() {}

  static int post(String url, String contentType, byte[] body, boolean gzip) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType);
    if (gzip) {
      ByteArrayOutputStream zipped = new ByteArrayOutputStream();
      try (GZIPOutputStream out = new GZIPOutputStream(zipped)) {
        out.write(body);
      }
      body = zipped.toByteArray();
      request.header("Content-Encoding", "gzip");
    }
    return HTTP.send(
            request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
