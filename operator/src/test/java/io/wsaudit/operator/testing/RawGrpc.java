package io.wsaudit.operator.testing;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/** Calls an OTLP/gRPC method with bytes of the test's choosing (garbage, bombs, raw exports). */
public final class RawGrpc {

  private RawGrpc() {}

  /** The status the server answered {@code message} with, sent to {@code method}'s name. */
  public static Status.Code call(
      ManagedChannel channel, MethodDescriptor<?, ?> method, byte[] message, boolean gzip) {
    MethodDescriptor<byte[], byte[]> raw = method.toBuilder(new Raw(), new Raw()).build();
    CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS);
    try {
      ClientCalls.blockingUnaryCall(
          channel, raw, gzip ? options.withCompression("gzip") : options, message);
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  private static final class Raw implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
