package io.wsaudit.bench;

import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/** {@link LoadClient#echoLoop}: held connections each keeping one message in flight, counted. */
final class EchoRate {

  private final LoadClient client;

  EchoRate(LoadClient client) {
    this.client = client;
  }

  LoadClient.Loop run(
      int port, int connections, Duration duration, long maxMessages, LongSupplier serverCpuNanos)
      throws Exception {
    LongAdder echoes = new LongAdder();
    LongAdder failed = new LongAdder();
    AtomicLong budget = new AtomicLong(maxMessages);
    long[] stopAt = {Long.MAX_VALUE};
    List<WebSocket> sockets = new ArrayList<>();
    List<WsListener> conns = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      WsListener conn = new WsListener();
      conn.onEcho =
          (ws, c) -> {
            echoes.increment();
            if (System.nanoTime() < stopAt[0] && budget.getAndDecrement() > 0) {
              c.send =
                  c.send
                      .thenCompose(x -> ws.sendText(LoadClient.MESSAGE, true))
                      .exceptionally(e -> client.sendFailed(failed, e));
            }
          };
      sockets.add(client.connect(port, conn));
      conns.add(conn);
    }
    long start = System.nanoTime();
    stopAt[0] = start + duration.toNanos();
    for (int i = 0; i < connections; i++) {
      WebSocket ws = sockets.get(i);
      // The echo may come back before sendText returns: publish the send before making it.
      CompletableFuture<Void> gate = new CompletableFuture<>();
      conns.get(i).send =
          gate.thenCompose(x -> ws.sendText(LoadClient.MESSAGE, true))
              .exceptionally(e -> client.sendFailed(failed, e));
      gate.complete(null);
    }
    Thread.sleep(duration.toMillis() / 5);
    long cpu0 = serverCpuNanos.getAsLong();
    long c0 = echoes.sum();
    long t0 = System.nanoTime();
    long remaining = stopAt[0] - t0;
    Thread.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
    long c1 = echoes.sum();
    long t1 = System.nanoTime();
    long cpu1 = serverCpuNanos.getAsLong();
    Thread.sleep(200);
    for (WebSocket ws : sockets) {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
    }
    long closeDeadline = System.nanoTime() + LoadClient.TIMEOUT.toNanos();
    for (int i = 0; i < conns.size(); i++) {
      try {
        long left = Math.max(1, closeDeadline - System.nanoTime());
        conns.get(i).closed.get(left, TimeUnit.NANOSECONDS);
      } catch (Exception e) {
        client.failed(failed, e);
        sockets.get(i).abort();
      }
    }
    return new LoadClient.Loop(
        c1 - c0,
        failed.sum(),
        t1 - t0,
        new long[0],
        cpu0 >= 0 && c1 > c0 ? (cpu1 - cpu0) / 1e3 / (c1 - c0) : Double.NaN);
  }
}
