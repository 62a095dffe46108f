package io.wsaudit.testkit.otlp;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;

/**
 * Sends exports to a collector as an exporter would: OTLP/HTTP bodies, or calls on a gRPC channel.
 */
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

  /** Runs {@code calls} on a plaintext channel to {@code endpoint} ({@code http://host:port}). */
  static void overGrpc(String endpoint, Consumer<ManagedChannel> calls)
      throws InterruptedException {
    ManagedChannel channel =
        NettyChannelBuilder.forTarget(endpoint.replace("http://", "")).usePlaintext().build();
    try {
      calls.accept(channel);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
