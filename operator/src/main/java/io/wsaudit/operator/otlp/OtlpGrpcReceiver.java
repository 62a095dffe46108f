package io.wsaudit.operator.otlp;

import com.google.protobuf.Message;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.wsaudit.operator.otlp.admission.IngestAdmission;
import io.wsaudit.operator.serving.GrpcTransportLog;
import io.wsaudit.operator.trust.Authenticator;
import io.wsaudit.operator.trust.Sender;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OTLP/gRPC receiver: {@code opentelemetry.proto.collector.trace.v1.TraceService/Export} and (when
 * proxy logs are on) {@code opentelemetry.proto.collector.logs.v1.LogsService/Export}. Each method
 * is the generated one with our own request marshaller ({@link GrpcExportDecoder}), so that gRPC
 * decodes what OTLP/HTTP decodes and no more. gzip is handled by gRPC's default decompressor
 * registry; every limit is one of grpc-java's own knobs.
 */
public final class OtlpGrpcReceiver implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OtlpGrpcReceiver.class);
  private static final String TRANSPORT = "grpc";
  private static final int THREADS = 4;
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private static final Context.Key<Sender> SENDER = Context.key("wsaudit-sender");

  private final Server server;
  private final ExecutorService executor;

  /** With {@code logs} null, LogsService is not served (UNIMPLEMENTED). */
  public OtlpGrpcReceiver(
      String bindAddress,
      int port,
      int maxBodyBytes,
      Authenticator authenticator,
      OtlpIngest ingest,
      LogsIngest logs,
      IngestAdmission admission) {
    GrpcTransportLog.install();
    // A fixed pool instead of gRPC's default unbounded cached one: decodes are bounded anyway.
    this.executor =
        Executors.newFixedThreadPool(
            THREADS,
            r -> {
              Thread t = new Thread(r, "otlp-grpc");
              t.setDaemon(true);
              return t;
            });
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(new InetSocketAddress(bindAddress, port))
            .executor(executor)
            // Checked by gRPC on the compressed frame and again while inflating.
            .maxInboundMessageSize(maxBodyBytes)
            .maxInboundMetadataSize(16 * 1024)
            .maxConcurrentCallsPerConnection(16)
            // A connection that never completes the HTTP/2 preface is dropped.
            .handshakeTimeout(10, TimeUnit.SECONDS)
            .maxConnectionIdle(5, TimeUnit.MINUTES)
            .keepAliveTime(2, TimeUnit.MINUTES)
            .keepAliveTimeout(20, TimeUnit.SECONDS)
            .addService(
                ServerInterceptors.intercept(
                    service(
                        TraceServiceGrpc.SERVICE_NAME,
                        TraceServiceGrpc.getExportMethod(),
                        GrpcExportDecoder.traces(admission, maxBodyBytes),
                        ExportTraceServiceResponse.getDefaultInstance(),
                        f -> {
                          ingest.ingest(TRANSPORT, f, SENDER.get());
                          return ExportTraceServiceResponse.getDefaultInstance();
                        }),
                    new Guard(authenticator, ingest::rejected)));
    if (logs != null) {
      builder.addService(
          ServerInterceptors.intercept(
              service(
                  LogsServiceGrpc.SERVICE_NAME,
                  LogsServiceGrpc.getExportMethod(),
                  GrpcExportDecoder.logs(admission, maxBodyBytes),
                  ExportLogsServiceResponse.getDefaultInstance(),
                  r -> logs.ingest(TRANSPORT, r, SENDER.get())),
              new Guard(authenticator, logs::rejected)));
    }
    this.server = builder.build();
  }

  /**
   * The generated {@code generated} method with {@code decoder} as its request marshaller, answered
   * with what {@code ingest} returns.
   */
  private static <T, R extends Message> ServerServiceDefinition service(
      String serviceName,
      MethodDescriptor<?, ?> generated,
      GrpcExportDecoder<T> decoder,
      R emptyResponse,
      Function<T, R> ingest) {
    MethodDescriptor<GrpcExportDecoder.Decoded<T>, R> export =
        generated.toBuilder(decoder, ProtoUtils.marshaller(emptyResponse)).build();
    return ServerServiceDefinition.builder(serviceName)
        .addMethod(export, ServerCalls.asyncUnaryCall((req, resp) -> answer(req, resp, ingest)))
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
    executor.shutdownNow();
  }

  /** Ingests a decoded request and answers with what {@code ingest} returns. */
  private static <T, R> void answer(
      GrpcExportDecoder.Decoded<T> request, StreamObserver<R> response, Function<T, R> ingest) {
    if (request.failure() != null) {
      response.onError(request.failure().asRuntimeException());
      return;
    }
    try {
      response.onNext(ingest.apply(request.value()));
      response.onCompleted();
    } catch (RuntimeException e) {
      response.onError(
          Status.INTERNAL.withDescription("could not process the export").asRuntimeException());
    }
  }

  /**
   * Checks the bearer token, and counts and logs (one line, no stack trace) every refused call,
   * whether our decoder or gRPC itself refused it.
   */
  private static final class Guard implements ServerInterceptor {
    private final Authenticator authenticator;
    private final HttpSignal.Rejections rejections;

    Guard(Authenticator authenticator, HttpSignal.Rejections rejections) {
      this.authenticator = authenticator;
      this.rejections = rejections;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      Optional<Sender> sender = authenticator.authenticate(headers.get(AUTHORIZATION));
      if (sender.isEmpty()) {
        refused(call, "unauthorized", Status.UNAUTHENTICATED);
        call.close(
            Status.UNAUTHENTICATED.withDescription("missing or wrong bearer token"),
            new Metadata());
        return new ServerCall.Listener<>() {};
      }
      var counting =
          new io.grpc.ForwardingServerCall.SimpleForwardingServerCall<Q, R>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
              String reason = reason(status);
              if (reason != null) {
                refused(call, reason, status);
              }
              super.close(status, trailers);
            }
          };
      // The handler learns who sent the call through gRPC's Context.
      return Contexts.interceptCall(
          Context.current().withValue(SENDER, sender.get()), counting, headers, next);
    }

    private void refused(ServerCall<?, ?> call, String reason, Status status) {
      rejections.rejected(TRANSPORT, reason);
      LOG.info(
          "OTLP/gRPC call from {} refused: {} ({})",
          call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR),
          status.getCode(),
          reason);
    }

    private static String reason(Status status) {
      return switch (status.getCode()) {
        case RESOURCE_EXHAUSTED ->
            status.getDescription() != null && status.getDescription().startsWith("too many")
                ? "busy"
                : "too_large";
        case INVALID_ARGUMENT, INTERNAL, UNKNOWN -> "bad_request";
        default -> null;
      };
    }
  }
}
