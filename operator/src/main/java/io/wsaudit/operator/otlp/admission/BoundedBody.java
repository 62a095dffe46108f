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

    /** The shared budget is spent: for a decoder that charges what it builds as it goes. */
    public static RefusedException busy() {
      return new RefusedException(Refusal.BUSY);
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
    return read(in, maxBytes, weight, permit, 0);
  }

  /**
   * With {@code expectedBytes} (a declared length) reserved all at once before reading: bodies
   * reserving piecemeal side by side could each take part of the budget and all fail together.
   */
  public static byte[] read(
      InputStream in, long maxBytes, int weight, IngestAdmission.Permit permit, long expectedBytes)
      throws IOException, RefusedException {
    long prepaid = Math.min(Math.max(expectedBytes, 0), maxBytes);
    if (prepaid > 0 && !permit.reserve(prepaid * weight)) {
      throw new RefusedException(Refusal.BUSY);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.max(prepaid, 32));
    byte[] buf = new byte[CHUNK];
    int n;
    while ((n = in.read(buf)) >= 0) {
      if (out.size() + (long) n > maxBytes) {
        throw new RefusedException(Refusal.TOO_LARGE);
      }
      // Charged before it is kept (beyond what was reserved up front), so the budget bounds what
      // is actually in memory.
      long unpaid = Math.min(n, out.size() + (long) n - prepaid);
      if (unpaid > 0 && !permit.reserve(unpaid * weight)) {
        throw new RefusedException(Refusal.BUSY);
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }
}
