package io.wsaudit.operator.otlp.admission;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body (already wrapped in its decompressor) into memory, never more than {@code
 * maxBytes} of it, holding budget from the {@link IngestAdmission.Permit} as it grows. The budget
 * is charged {@code weight} times the bytes read: decoding builds objects several times the size of
 * the encoded body (JSON much more than protobuf).
 */
public final class BoundedBody {

  /** Why a body could not be read whole. */
  public enum Refusal {
    /** Larger than the per-request limit (after decompression). */
    TOO_LARGE,
    /** Every byte of the shared decode budget is in use by other requests. */
    BUSY
  }

  /** The body did not fit; says why. */
  public static final class RefusedException extends Exception {
    private final Refusal refusal;

    RefusedException(Refusal refusal) {
      super(refusal.name(), null, false, false);
      this.refusal = refusal;
    }

    public Refusal refusal() {
      return refusal;
    }
  }

  private static final int CHUNK = 16 * 1024;

  private BoundedBody() {}

  public static byte[] read(
      InputStream in, long maxBytes, int weight, IngestAdmission.Permit permit)
      throws IOException, RefusedException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[CHUNK];
    int n;
    while ((n = in.read(buf)) >= 0) {
      if (out.size() + (long) n > maxBytes) {
        throw new RefusedException(Refusal.TOO_LARGE);
      }
      // Charged before it is kept, so the budget bounds what is actually in memory.
      if (!permit.reserve((long) n * weight)) {
        throw new RefusedException(Refusal.BUSY);
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }
}
