package io.wsaudit.agent.telemetry;

import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.GrpcResponse;
import io.opentelemetry.sdk.common.export.GrpcSender;
import io.opentelemetry.sdk.common.export.GrpcSenderConfig;
import io.opentelemetry.sdk.common.export.GrpcSenderProvider;
import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import io.opentelemetry.sdk.common.export.MessageWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The component loader our SDK is autoconfigured with: the jar's components as found, except that
 * each OTLP exporter's sender (HTTP or gRPC) is made at the exporter's first export, not when the
 * exporter is built. Making one builds its OkHttp client: some 180 OkHttp, Okio and Kotlin classes
 * that would otherwise load before the SDK is ready, which the first span waits for
 * (bench/README.md "Startup, again"); the first export comes a batch delay after the first span.
 * The exporters pass this loader on to their sender lookup ({@code
 * ConfigProperties.getComponentLoader()}).
 */
final class SendersAtFirstExport implements ComponentLoader {

  private final ComponentLoader components;

  SendersAtFirstExport(ComponentLoader components) {
    this.components = components;
  }

  @Override
  public <T> Iterable<T> load(Class<T> type) {
    Iterable<T> found = components.load(type);
    if (type != HttpSenderProvider.class && type != GrpcSenderProvider.class) {
      return found;
    }
    List<T> deferred = new ArrayList<>();
    for (T provider : found) {
      deferred.add(
          type.cast(
              provider instanceof HttpSenderProvider
                  ? new DeferredHttpProvider((HttpSenderProvider) provider)
                  : new DeferredGrpcProvider((GrpcSenderProvider) provider)));
    }
    return deferred;
  }

  /** Made once, at the first call of {@link #get()}; a failure is retried at the next one. */
  private static final class OnFirstUse<S> {
    private final Supplier<S> make;
    private volatile S made;

    OnFirstUse(Supplier<S> make) {
      this.make = make;
    }

    S get() {
      S s = made;
      if (s == null) {
        synchronized (this) {
          s = made;
          if (s == null) {
            s = make.get();
            made = s;
          }
        }
      }
      return s;
    }

    /** Hands the sender to {@code send}, or the failure to make it to {@code onError}. */
    void use(Consumer<S> send, Consumer<Throwable> onError) {
      S s;
      try {
        s = get();
      } catch (RuntimeException e) {
        onError.accept(e);
        return;
      }
      send.accept(s);
    }

    /** Shuts the sender down if one was made; nothing to stop otherwise. */
    CompletableResultCode shutdown(Function<S, CompletableResultCode> stop) {
      S s = made;
      return s == null ? CompletableResultCode.ofSuccess() : stop.apply(s);
    }
  }

  static final class DeferredHttpProvider implements HttpSenderProvider {
    private final HttpSenderProvider provider;

    DeferredHttpProvider(HttpSenderProvider provider) {
      this.provider = provider;
    }

    @Override
    public HttpSender createSender(HttpSenderConfig config) {
      OnFirstUse<HttpSender> sender = new OnFirstUse<>(() -> provider.createSender(config));
      return new HttpSender() {
        @Override
        public void send(
            MessageWriter writer, Consumer<HttpResponse> onResponse, Consumer<Throwable> onError) {
          sender.use(s -> s.send(writer, onResponse, onError), onError);
        }

        @Override
        public CompletableResultCode shutdown() {
          return sender.shutdown(HttpSender::shutdown);
        }
      };
    }
  }

  static final class DeferredGrpcProvider implements GrpcSenderProvider {
    private final GrpcSenderProvider provider;

    DeferredGrpcProvider(GrpcSenderProvider provider) {
      this.provider = provider;
    }

    @Override
    public GrpcSender createSender(GrpcSenderConfig config) {
      OnFirstUse<GrpcSender> sender = new OnFirstUse<>(() -> provider.createSender(config));
      return new GrpcSender() {
        @Override
        public void send(
            MessageWriter writer, Consumer<GrpcResponse> onResponse, Consumer<Throwable> onError) {
          sender.use(s -> s.send(writer, onResponse, onError), onError);
        }

        @Override
        public CompletableResultCode shutdown() {
          return sender.shutdown(GrpcSender::shutdown);
        }
      };
    }
  }
}
