package io.wsaudit.agent.instrumentation.jetty.v12_0.linked;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.util.Callback;

/**
 * Wraps the {@code HttpStream} of one request that Jetty examined as a WebSocket upgrade, to see
 * the response that finally went out: the status in the committed response head, and the end of the
 * exchange, when the connection's fate (upgrade, keep-alive, close) is decided. Everything is
 * passed on unchanged.
 */
final class HandshakeStream extends HttpStream.Wrapper {

  /**
   * Called once, before Jetty completes the exchange (and, for a 101, before it switches the
   * connection).
   */
  interface Listener {
    void completed(HandshakeStream stream, int status, Throwable failure);
  }

  private final Listener listener;
  private final AtomicBoolean done = new AtomicBoolean();
  private volatile int status;

  HandshakeStream(HttpStream wrapped, Listener listener) {
    super(wrapped);
    this.listener = listener;
  }

  @Override
  public void send(
      MetaData.Request request,
      MetaData.Response response,
      boolean last,
      ByteBuffer content,
      Callback callback) {
    if (response != null) {
      int s = response.getStatus();
      // Interim responses (100 Continue, 102, 103) are not the answer; 101 is.
      if (s == 101 || s >= 200 || status == 0) {
        status = s;
      }
    }
    super.send(request, response, last, content, callback);
  }

  @Override
  public void succeeded() {
    complete(null);
    super.succeeded();
  }

  @Override
  public void failed(Throwable x) {
    complete(x);
    super.failed(x);
  }

  private void complete(Throwable failure) {
    if (done.compareAndSet(false, true)) {
      try {
        listener.completed(this, status, failure);
      } catch (Throwable t) {
        // never into Jetty's completion path
      }
    }
  }
}
