package io.wsaudit.agent.telemetry;

import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import io.opentelemetry.sdk.common.export.MessageWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.function.Consumer;

/**
 * An OTLP/HTTP sender that encodes each request body (the exporter's {@link MessageWriter}) into a
 * stream that only counts bytes, and answers 200 at once: the exporter's whole encoding path
 * without a socket. Given to the real exporter through its component loader ({@link #LOADER}).
 */
final class DiscardingHttpSender implements HttpSender {

  static final ComponentLoader LOADER =
      new ComponentLoader() {
        @Override
        @SuppressWarnings("unchecked")
        public <T> Iterable<T> load(Class<T> type) {
          if (type == HttpSenderProvider.class) {
            HttpSenderProvider provider = config -> new DiscardingHttpSender();
            return (Iterable<T>) List.of(provider);
          }
          return List.of();
        }
      };

  private static final HttpResponse OK =
      new HttpResponse() {
        @Override
        public int getStatusCode() {
          return 200;
        }

        @Override
        public String getStatusMessage() {
          return "OK";
        }

        @Override
        public byte[] getResponseBody() {
          return new byte[0];
        }
      };

  private final CountingStream out = new CountingStream();

  @Override
  public void send(
      MessageWriter writer, Consumer<HttpResponse> onResponse, Consumer<Throwable> onError) {
    try {
      writer.writeMessage(out);
      onResponse.accept(OK);
    } catch (IOException | RuntimeException e) {
      onError.accept(e);
    }
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }

  private static final class CountingStream extends OutputStream {
    long bytes;

    @Override
    public void write(int b) {
      bytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      bytes += len;
    }
  }
}
