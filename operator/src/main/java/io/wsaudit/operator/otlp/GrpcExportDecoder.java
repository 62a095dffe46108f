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
 * does — under the shared {@link IngestAdmission}, size-capped after gzip inflation, only wsaudit's
 * scopes built as messages ({@link ScopeFilter}) — and never throws: a failure becomes a {@link
 * Decoded} with its gRPC status, because an exception thrown here reaches the client as UNKNOWN
 * with a stack trace in the log.
 */
final class GrpcExportDecoder implements MethodDescriptor.Marshaller<GrpcExportDecoder.Decoded> {

  /** Estimated decode memory per protobuf byte (the bytes plus the messages built from them). */
  private static final int WEIGHT = 2;

  /** A decoded message, or why there is none. */
  record Decoded(ScopeFilter.Filtered filtered, Status failure, String reason) {
    static Decoded failed(Status status, String reason) {
      return new Decoded(null, status, reason);
    }
  }

  private final IngestAdmission admission;
  private final int maxBytes;

  GrpcExportDecoder(IngestAdmission admission, int maxBytes) {
    this.admission = admission;
    this.maxBytes = maxBytes;
  }

  @Override
  public InputStream stream(Decoded value) {
    throw new UnsupportedOperationException("the receiver never sends requests");
  }

  @Override
  public Decoded parse(InputStream in) {
    Optional<IngestAdmission.Permit> permit = admission.admit();
    if (permit.isEmpty()) {
      return busy();
    }
    try (IngestAdmission.Permit p = permit.get()) {
      byte[] body = BoundedBody.read(in, maxBytes, WEIGHT, p);
      return new Decoded(ScopeFilter.parse(body), null, null);
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
              "not an OTLP trace export: " + e.getClass().getSimpleName()),
          "bad_request");
    }
  }

  private Decoded tooLarge() {
    return Decoded.failed(
        Status.RESOURCE_EXHAUSTED.withDescription("message larger than " + maxBytes + " bytes"),
        "too_large");
  }

  private static Decoded busy() {
    return Decoded.failed(
        Status.RESOURCE_EXHAUSTED.withDescription("too many exports in progress; retry later"),
        "busy");
  }
}
