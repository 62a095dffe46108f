package io.wsaudit.operator.otlp;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OTLP/gRPC trace receiver ({@code opentelemetry.proto.collector.trace.v1.TraceService/Export}),
 * using the stub generated into the opentelemetry-proto artifact. gzip is handled by gRPC's default
 * decompressor registry.
 */
public final class OtlpGrpcReceiver implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OtlpGrpcReceiver.class);
  private static final String TRANSPORT = "grpc";
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final Server server;

  public OtlpGrpcReceiver(
      String bindAddress,
      int port,
      int maxBodyBytes,
      Optional<String> bearerToken,
      OtlpIngest ingest) {
    var service =
        ServerInterceptors.intercept(new TraceService(ingest), new Guard(bearerToken, ingest));
    this.server =
        NettyServerBuilder.forAddress(new InetSocketAddress(bindAddress, port))
            // Oversized messages are refused by gRPC itself with RESOURCE_EXHAUSTED before they are
            // buffered whole.
            .maxInboundMessageSize(maxBodyBytes)
            .addService(service)
            .build();
  }

  public void start() throws IOException {
    server.start();
    LOG.info("OTLP/gRPC receiver listening on port {}", server.getPort());
  }

  /** The port actually bound (useful when 0 was asked for). */
  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static final class TraceService extends TraceServiceGrpc.TraceServiceImplBase {
    private final OtlpIngest ingest;

    TraceService(OtlpIngest ingest) {
      this.ingest = ingest;
    }

    @Override
    public void export(
        ExportTraceServiceRequest request, StreamObserver<ExportTraceServiceResponse> response) {
      try {
        ingest.ingest(TRANSPORT, request);
        response.onNext(ExportTraceServiceResponse.getDefaultInstance());
        response.onCompleted();
      } catch (RuntimeException e) {
        response.onError(
            Status.INTERNAL.withDescription("could not process spans").asRuntimeException());
      }
    }
  }

  /** Checks the bearer token and counts calls gRPC refuses (undecodable or oversized messages). */
  private static final class Guard implements ServerInterceptor {
    private final BearerToken bearerToken;
    private final OtlpIngest ingest;

    Guard(Optional<String> bearerToken, OtlpIngest ingest) {
      this.bearerToken = new BearerToken(bearerToken);
      this.ingest = ingest;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      if (!bearerToken.accepts(headers.get(AUTHORIZATION))) {
        ingest.rejected(TRANSPORT, "unauthorized");
        call.close(
            Status.UNAUTHENTICATED.withDescription("missing or wrong bearer token"),
            new Metadata());
        return new ServerCall.Listener<>() {};
      }
      var counting =
          new io.grpc.ForwardingServerCall.SimpleForwardingServerCall<Q, R>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
              if (status.getCode() == Status.Code.RESOURCE_EXHAUSTED) {
                ingest.rejected(TRANSPORT, "too_large");
              } else if (status.getCode() == Status.Code.INTERNAL
                  || status.getCode() == Status.Code.INVALID_ARGUMENT) {
                ingest.rejected(TRANSPORT, "bad_request");
              }
              super.close(status, trailers);
            }
          };
      return next.startCall(counting, headers);
    }
  }
}
