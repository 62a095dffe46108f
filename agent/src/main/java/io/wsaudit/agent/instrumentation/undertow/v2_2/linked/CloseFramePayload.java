package io.wsaudit.agent.instrumentation.undertow.v2_2.linked;

import io.undertow.connector.PooledByteBuffer;
import io.undertow.websockets.core.BufferedBinaryMessage;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Reads a buffered close frame's payload without taking it. {@link BufferedBinaryMessage#getData()}
 * hands the buffers over once (a second call gets none), so the agent, which runs before the
 * listener, must not call it: the listener would see an empty close frame, echo neither code nor
 * reason, and the pooled buffer would never be returned. This reads the message's two buffer fields
 * instead, through duplicates.
 */
final class CloseFramePayload {

  private static final VarHandle DATA;
  private static final VarHandle CURRENT;

  static {
    VarHandle data = null;
    VarHandle current = null;
    try {
      MethodHandles.Lookup lookup =
          MethodHandles.privateLookupIn(BufferedBinaryMessage.class, MethodHandles.lookup());
      data = lookup.findVarHandle(BufferedBinaryMessage.class, "data", List.class);
      current =
          lookup.findVarHandle(BufferedBinaryMessage.class, "current", PooledByteBuffer.class);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // another Undertow layout: the close task falls back to the code Undertow echoed
    }
    DATA = data;
    CURRENT = current;
  }

  private CloseFramePayload() {}

  /**
   * The payload as one buffer ready to read, or {@code null} when this Undertow keeps it
   * differently.
   */
  static ByteBuffer copy(BufferedBinaryMessage message) {
    if (DATA == null || CURRENT == null) {
      return null;
    }
    @SuppressWarnings("unchecked")
    List<PooledByteBuffer> full = (List<PooledByteBuffer>) DATA.get(message);
    PooledByteBuffer current = (PooledByteBuffer) CURRENT.get(message);
    int total = 0;
    for (PooledByteBuffer b : full) {
      total += b.getBuffer().remaining(); // already flipped when the message filled it
    }
    ByteBuffer last =
        current == null
            ? null
            : (ByteBuffer) current.getBuffer().duplicate().flip(); // still being written
    total += last == null ? 0 : last.remaining();
    ByteBuffer payload = ByteBuffer.allocate(total);
    for (PooledByteBuffer b : full) {
      payload.put(b.getBuffer().duplicate());
    }
    if (last != null) {
      payload.put(last);
    }
    return (ByteBuffer) payload.flip();
  }
}
