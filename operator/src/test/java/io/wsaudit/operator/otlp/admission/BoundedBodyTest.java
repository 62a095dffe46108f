package io.wsaudit.operator.otlp.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

/** A body read with and without a declared length: the same bytes, the same limits. */
class BoundedBodyTest {

  private static final byte[] BODY = body(40_000);

  @Test
  void declaredLengthBodyIsReadWhole() throws Exception {
    assertThat(read(BODY, 1 << 20, BODY.length)).isEqualTo(BODY);
    assertThat(read(BODY, 1 << 20, 0)).isEqualTo(BODY);
  }

  @Test
  void bodyShorterOrLongerThanDeclaredIsReadAsItIs() throws Exception {
    assertThat(read(BODY, 1 << 20, BODY.length + 100)).isEqualTo(BODY);
    assertThat(read(BODY, 1 << 20, 100)).isEqualTo(BODY);
  }

  @Test
  void bodyOverTheLimitIsRefusedWhateverItDeclares() {
    for (long declared : new long[] {0, 100, BODY.length - 1, BODY.length}) {
      assertThatThrownBy(() -> read(BODY, BODY.length - 1, declared))
          .isInstanceOfSatisfying(
              BoundedBody.RefusedException.class,
              e -> assertThat(e.refusal()).isEqualTo(BoundedBody.Refusal.TOO_LARGE));
    }
  }

  @Test
  void bytesBeyondTheDeclaredLengthAreCharged() {
    IngestAdmission admission = new IngestAdmission(1, 2L * 100 + 1);
    try (IngestAdmission.Permit p = admission.admit().orElseThrow()) {
      assertThatThrownBy(() -> BoundedBody.read(new ByteArrayInputStream(BODY), 1 << 20, 2, p, 100))
          .isInstanceOfSatisfying(
              BoundedBody.RefusedException.class,
              e -> assertThat(e.refusal()).isEqualTo(BoundedBody.Refusal.BUSY));
    }
  }

  private static byte[] read(byte[] body, long max, long declared) throws Exception {
    IngestAdmission admission = new IngestAdmission(1, 1L << 30);
    try (IngestAdmission.Permit p = admission.admit().orElseThrow()) {
      return BoundedBody.read(new ByteArrayInputStream(body), max, 1, p, declared);
    }
  }

  private static byte[] body(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31);
    }
    return b;
  }
}
