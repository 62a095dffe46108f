package io.wsaudit.bench;

import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The load client's listener: whole text messages, the close seen, the next send chained. */
final class WsListener implements WebSocket.Listener {
  private final StringBuilder text = new StringBuilder();
  private volatile CompletableFuture<String> next = new CompletableFuture<>();
  final CompletableFuture<Integer> closed = new CompletableFuture<>();
  volatile java.util.function.BiConsumer<WebSocket, WsListener> onEcho;
  volatile CompletableFuture<?> send = CompletableFuture.completedFuture(null);

  CompletableFuture<String> nextText() {
    return next;
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    webSocket.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    text.append(data);
    if (last) {
      String message = text.toString();
      text.setLength(0);
      CompletableFuture<String> done = next;
      next = new CompletableFuture<>();
      done.complete(message);
      if (onEcho != null) {
        onEcho.accept(webSocket, this);
      }
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.completeExceptionally(error);
    next.completeExceptionally(error);
  }
}
