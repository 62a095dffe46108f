package io.wsaudit.operator.otlp.admission;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

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
    ByteArrayOutputStream out = null;
    if (prepaid > 0) {
      // The declared length, read straight into its array: copying every body out of a growing
      // buffer was ~4 % of the receiver's CPU (bench/README, "Closing the gaps: operator").
      byte[] declared = new byte[(int) prepaid];
      int got = in.readNBytes(declared, 0, declared.length);
      if (got < declared.length) {
        return Arrays.copyOf(declared, got);
      }
      int next = in.read();
      if (next < 0) {
        return declared;
      }
      // Longer than declared (the stream did not stop at it): on as below, the extra byte charged.
      out = new ByteArrayOutputStream(declared.length + CHUNK);
      out.write(declared, 0, declared.length);
      charge(out, new byte[] {(byte) next}, 1, maxBytes, prepaid, weight, permit);
    }
    out = out == null ? new ByteArrayOutputStream(32) : out;
    byte[] buf = new byte[CHUNK];
    int n;
    while ((n = in.read(buf)) >= 0) {
      charge(out, buf, n, maxBytes, prepaid, weight, permit);
    }
    return out.toByteArray();
  }

  /** Checks the limit, charges what is beyond the prepaid bytes, then keeps {@code n} bytes. */
  private static void charge(
      ByteArrayOutputStream out,
      byte[] buf,
      int n,
      long maxBytes,
      long prepaid,
      int weight,
      IngestAdmission.Permit permit)
      throws RefusedException {
    if (out.size() + (long) n > maxBytes) {
      throw new RefusedException(Refusal.TOO_LARGE);
    }
    // Charged before it is kept (beyond what was reserved up front), so the budget bounds what is
    // actually in memory.
    long unpaid = Math.min(n, out.size() + (long) n - prepaid);
    if (unpaid > 0 && !permit.reserve(unpaid * weight)) {
      throw new RefusedException(Refusal.BUSY);
    }
    out.write(buf, 0, n);
  }
}
