package io.wsaudit.e2e.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;

/** The probe's WebSocket framing: masked client frames out, unmasked server frames in. */
final class ProbeFrames {
  private static final SecureRandom RANDOM = new SecureRandom();

  private byte[] data = new byte[0];

  /** Buffers server bytes as they arrive. */
  void add(byte[] b, int off, int len) {
    byte[] next = new byte[data.length + len];
    System.arraycopy(data, 0, next, 0, data.length);
    System.arraycopy(b, off, next, data.length, len);
    data = next;
  }

  /** {opcode, close code or -1}, or null when no complete frame is buffered. */
  int[] next() {
    if (data.length < 2) {
      return null;
    }
    int opcode = data[0] & 0x0f;
    long len = data[1] & 0x7f;
    int pos = 2;
    if (len == 126) {
      if (data.length < 4) {
        return null;
      }
      len = ((data[2] & 0xff) << 8) | (data[3] & 0xff);
      pos = 4;
    } else if (len == 127) {
      if (data.length < 10) {
        return null;
      }
      len = 0;
      for (int i = 2; i < 10; i++) {
        len = (len << 8) | (data[i] & 0xff);
      }
      pos = 10;
    }
    if (data.length < pos + len) {
      return null;
    }
    int code = opcode == 0x8 && len >= 2 ? ((data[pos] & 0xff) << 8) | (data[pos + 1] & 0xff) : -1;
    byte[] rest = new byte[(int) (data.length - pos - len)];
    System.arraycopy(data, (int) (pos + len), rest, 0, rest.length);
    data = rest;
    return new int[] {opcode, code};
  }

  static void send(OutputStream out, int opcode, byte[] payload) throws IOException {
    byte[] mask = new byte[4];
    RANDOM.nextBytes(mask);
    ByteArrayOutputStream f = new ByteArrayOutputStream();
    f.write(0x80 | opcode);
    f.write(0x80 | payload.length); // small frames only (< 126 bytes)
    f.write(mask);
    for (int i = 0; i < payload.length; i++) {
      f.write(payload[i] ^ mask[i % 4]);
    }
    out.write(f.toByteArray());
    out.flush();
  }

  static int indexOf(byte[] data, byte[] needle) {
    outer:
    for (int i = 0; i <= data.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (data[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
