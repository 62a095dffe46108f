package io.wsaudit.operator.otlp;

import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.wsaudit.operator.otlp.admission.BoundedBody;
import io.wsaudit.operator.otlp.admission.IngestAdmission;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * The request marshaller of the OTLP/gRPC receiver: it decodes each message exactly as OTLP/HTTP
 * does — under the shared {@link IngestAdmission}, size-capped after gzip inflation, with the same
 * wire-walking decoder ({@link ScopeFilter} for traces: only wsaudit's scopes built as messages;
 * {@link LogRecordDecoder} for logs) — and never throws: a failure becomes a {@link Decoded} with
 * its gRPC status, because an exception thrown here reaches the client as UNKNOWN with a stack
 * trace in the log.
 *
 * @param <T> what the body is decoded into
 */
final class GrpcExportDecoder<T>
    implements MethodDescriptor.Marshaller<GrpcExportDecoder.Decoded<T>> {

  /**
   * Decodes a whole body, charging {@code permit} for what it builds beyond the body's weight;
   * throws IOException when it is no export of the signal.
   */
  @FunctionalInterface
  interface BodyDecoder<T> {
    T decode(byte[] body, IngestAdmission.Permit permit)
        throws IOException, BoundedBody.RefusedException;
  }

  /** A decoded message, or why there is none. */
  record Decoded<T>(T value, Status failure, String reason) {
    static <T> Decoded<T> failed(Status status, String reason) {
      return new Decoded<>(null, status, reason);
    }
  }

  private final IngestAdmission admission;
  private final int maxBytes;
  private final int weight;
  private final String noun;
  private final BodyDecoder<T> decoder;

  /**
   * @param weight estimated decode memory per protobuf byte (as the HTTP receiver charges)
   * @param noun for messages: "trace" or "logs"
   */
  GrpcExportDecoder(
      IngestAdmission admission, int maxBytes, int weight, String noun, BodyDecoder<T> decoder) {
    this.admission = admission;
    this.maxBytes = maxBytes;
    this.weight = weight;
    this.noun = noun;
    this.decoder = decoder;
  }

  /** The trace decoder, charged as OTLP/HTTP charges traces. */
  static GrpcExportDecoder<ScopeFilter.Filtered> traces(IngestAdmission admission, int maxBytes) {
    return new GrpcExportDecoder<>(
        admission,
        maxBytes,
        ScopeFilter.WEIGHT,
        "trace",
        (body, permit) -> ScopeFilter.parse(body));
  }

  static GrpcExportDecoder<LogRecordDecoder.Result> logs(IngestAdmission admission, int maxBytes) {
    return new GrpcExportDecoder<>(
        admission, maxBytes, LogRecordDecoder.WEIGHT, "logs", LogRecordDecoder::decode);
  }

  @Override
  public InputStream stream(Decoded<T> value) {
    throw new UnsupportedOperationException("the receiver never sends requests");
  }

  @Override
  public Decoded<T> parse(InputStream in) {
    Optional<IngestAdmission.Permit> permit = admission.admit();
    if (permit.isEmpty()) {
      return busy();
    }
    try (IngestAdmission.Permit p = permit.get()) {
      byte[] body = BoundedBody.read(in, maxBytes, weight, p);
      return new Decoded<>(decoder.decode(body, p), null, null);
    } catch (BoundedBody.RefusedException e) {
      return e.refusal() == BoundedBody.Refusal.BUSY ? busy() : tooLarge();
    } catch (StatusRuntimeException e) {
      // gRPC's own inflated-size check (maxInboundMessageSize) fires inside the stream.
      return e.getStatus().getCode() == Status.Code.RESOURCE_EXHAUSTED
          ? tooLarge()
          : Decoded.failed(
              Status.INVALID_ARGUMENT.withDescription("unreadable message"), "bad_request");
    } catch (IOException | RuntimeException e) {
      return Decoded.failed(
          Status.INVALID_ARGUMENT.withDescription(
              "not an OTLP " + noun + " export: " + e.getClass().getSimpleName()),
          "bad_request");
    }
  }

  private Decoded<T> tooLarge() {
    return Decoded.failed(
        Status.RESOURCE_EXHAUSTED.withDescription("message larger than " + maxBytes + " bytes"),
        "too_large");
  }

  private static <T> Decoded<T> busy() {
    return Decoded.failed(
        Status.RESOURCE_EXHAUSTED.withDescription("too many exports in progress; retry later"),
        "busy");
  }
}
