package io.wsaudit.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The load client: the JDK's {@link java.net.http.WebSocket}, one shared {@link HttpClient}. Every
 * loop is bounded both in time and in count, and every wait has a timeout.
 */
public final class LoadClient implements AutoCloseable {

  static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final String MESSAGE = "ping-0123456789";

  private final HttpClient http;
  private final ExecutorService workers =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "bench-worker");
            t.setDaemon(true);
            return t;
          });

  public LoadClient() {
    http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  }

  static URI uri(int port) {
    return URI.create("ws://127.0.0.1:" + port + "/ws");
  }

  /**
   * Result of a loop: completed cycles, failures, elapsed time, and handshake latencies (ns) if
   * sampled.
   */
  public record Loop(
      long ok, long failed, long nanos, long[] handshakeNanos, double cpuMicrosPerOp) {
    public Loop(long ok, long failed, long nanos, long[] handshakeNanos) {
      this(ok, failed, nanos, handshakeNanos, Double.NaN);
    }

    public double perSecond() {
      return ok * 1e9 / nanos;
    }
  }

  /** One connection: open, one echo, close (client first, waiting for the server's close frame). */
  public long cycle(int port) throws Exception {
    long t0 = System.nanoTime();
    Conn conn = new Conn();
    WebSocket ws =
        http.newWebSocketBuilder()
            .connectTimeout(TIMEOUT)
            .buildAsync(uri(port), conn)
            .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    long handshake = System.nanoTime() - t0;
    try {
      CompletableFuture<String> echo = conn.nextText();
      ws.sendText(MESSAGE, true).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      String got = echo.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (!MESSAGE.equals(got)) {
        throw new IllegalStateException("echo was " + got);
      }
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      conn.closed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      ws.abort();
      throw e;
    }
    return handshake;
  }

  /**
   * Open/echo/close cycles from {@code concurrency} workers, for {@code duration} or {@code
   * maxCycles}.
   */
  public Loop cycleLoop(
      int port, int concurrency, Duration duration, long maxCycles, boolean sample)
      throws InterruptedException {
    LongAdder ok = new LongAdder();
    LongAdder failed = new LongAdder();
    AtomicLong budget = new AtomicLong(maxCycles);
    long[] samples = sample ? new long[(int) Math.min(maxCycles, 1_000_000)] : new long[0];
    AtomicLong sampled = new AtomicLong();
    long start = System.nanoTime();
    long deadline = start + duration.toNanos();
    CountDownLatch done = new CountDownLatch(concurrency);
    for (int w = 0; w < concurrency; w++) {
      workers.execute(
          () -> {
            try {
              while (System.nanoTime() < deadline && budget.getAndDecrement() > 0) {
                try {
                  long hs = cycle(port);
                  ok.increment();
                  if (sample) {
                    long i = sampled.getAndIncrement();
                    if (i < samples.length) {
                      samples[(int) i] = hs;
                    }
                  }
                } catch (Exception e) {
                  failed(failed, e);
                  if (failed.sum() > 1_000) {
                    return;
                  }
                }
              }
            } finally {
              done.countDown();
            }
          });
    }
    done.await(duration.plus(TIMEOUT).plus(TIMEOUT).toMillis(), TimeUnit.MILLISECONDS);
    long elapsed = System.nanoTime() - start;
    int n = (int) Math.min(sampled.get(), samples.length);
    long[] hs = new long[n];
    System.arraycopy(samples, 0, hs, 0, n);
    return new Loop(ok.sum(), failed.sum(), elapsed, hs);
  }

  /**
   * Process start to first successful upgrade: tries a handshake every few milliseconds, bounded by
   * {@code max}. Returns nanoseconds since {@code startNanos}.
   */
  public long awaitFirstUpgrade(int port, long startNanos, Duration max) throws Exception {
    return awaitFirstUpgrade(port, startNanos, max, () -> true);
  }

  /** As above, giving up as soon as {@code alive} says the server is gone. */
  public long awaitFirstUpgrade(
      int port, long startNanos, Duration max, java.util.function.BooleanSupplier alive)
      throws Exception {
    long deadline = startNanos + max.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline && alive.getAsBoolean()) {
      try {
        Conn conn = new Conn();
        WebSocket ws =
            http.newWebSocketBuilder()
                .connectTimeout(TIMEOUT)
                .buildAsync(uri(port), conn)
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        long at = System.nanoTime() - startNanos;
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye")
            .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        conn.closed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return at;
      } catch (Exception e) {
        last = e;
        Thread.sleep(2);
      }
    }
    throw new IllegalStateException(
        alive.getAsBoolean() ? "no upgrade within " + max : "server exited", last);
  }

  /** Open connections, kept open; at most {@code parallel} handshakes in flight. */
  public List<WebSocket> open(int port, int count, int parallel, Duration max) throws Exception {
    List<WebSocket> open = java.util.Collections.synchronizedList(new ArrayList<>(count));
    Semaphore inFlight = new Semaphore(parallel);
    LongAdder failed = new LongAdder();
    long deadline = System.nanoTime() + max.toNanos();
    for (int i = 0; i < count && System.nanoTime() < deadline; i++) {
      if (!inFlight.tryAcquire(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        break;
      }
      http.newWebSocketBuilder()
          .connectTimeout(TIMEOUT)
          .buildAsync(uri(port), new Conn())
          .whenComplete(
              (ws, error) -> {
                if (ws != null) {
                  open.add(ws);
                } else {
                  failed.increment();
                }
                inFlight.release();
              });
    }
    inFlight.tryAcquire(parallel, TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    inFlight.release(parallel);
    return new ArrayList<>(open);
  }

  /** Drops connections without a close handshake (the server sees the TCP end). */
  public static void abortAll(List<WebSocket> sockets) {
    for (WebSocket ws : sockets) {
      ws.abort();
    }
  }

  /**
   * Message echo rate: {@code connections} open connections each keep one message in flight (send,
   * await the echo, send again) for {@code duration}. Returns echoes per second, counted after a
   * short settle.
   */
  public Loop echoLoop(int port, int connections, Duration duration, long maxMessages)
      throws Exception {
    return echoLoop(port, connections, duration, maxMessages, () -> -1L);
  }

  /**
   * As above; {@code serverCpuNanos} is read around the counted window, for the server's CPU per
   * message.
   */
  public Loop echoLoop(
      int port,
      int connections,
      Duration duration,
      long maxMessages,
      java.util.function.LongSupplier serverCpuNanos)
      throws Exception {
    LongAdder echoes = new LongAdder();
    LongAdder failed = new LongAdder();
    AtomicLong budget = new AtomicLong(maxMessages);
    long[] stopAt = {Long.MAX_VALUE};
    List<WebSocket> sockets = new ArrayList<>();
    List<Conn> conns = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      Conn conn = new Conn();
      conn.onEcho =
          (ws, c) -> {
            echoes.increment();
            if (System.nanoTime() < stopAt[0] && budget.getAndDecrement() > 0) {
              c.send =
                  c.send
                      .thenCompose(x -> ws.sendText(MESSAGE, true))
                      .exceptionally(
                          e -> {
                            failed(failed, e);
                            return null;
                          });
            }
          };
      sockets.add(
          http.newWebSocketBuilder()
              .connectTimeout(TIMEOUT)
              .buildAsync(uri(port), conn)
              .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
      conns.add(conn);
    }
    long start = System.nanoTime();
    stopAt[0] = start + duration.toNanos();
    for (int i = 0; i < connections; i++) {
      WebSocket ws = sockets.get(i);
      // The echo may come back before sendText returns: publish the send before making it.
      CompletableFuture<Void> gate = new CompletableFuture<>();
      conns.get(i).send =
          gate.thenCompose(x -> ws.sendText(MESSAGE, true))
              .exceptionally(
                  e -> {
                    failed(failed, e);
                    return null;
                  });
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
    long closeDeadline = System.nanoTime() + TIMEOUT.toNanos();
    for (int i = 0; i < conns.size(); i++) {
      try {
        long left = Math.max(1, closeDeadline - System.nanoTime());
        conns.get(i).closed.get(left, TimeUnit.NANOSECONDS);
      } catch (Exception e) {
        failed(failed, e);
        sockets.get(i).abort();
      }
    }
    return new Loop(
        c1 - c0,
        failed.sum(),
        t1 - t0,
        new long[0],
        cpu0 >= 0 && c1 > c0 ? (cpu1 - cpu0) / 1e3 / (c1 - c0) : Double.NaN);
  }

  private final java.util.concurrent.atomic.AtomicReference<Throwable> lastFailure =
      new java.util.concurrent.atomic.AtomicReference<>();

  private void failed(LongAdder counter, Throwable e) {
    counter.increment();
    lastFailure.set(e);
  }

  /** The last failure seen since the previous call, for the log; null when none. */
  public Throwable takeLastFailure() {
    return lastFailure.getAndSet(null);
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }

  /** Listener: whole text messages, close seen. */
  static final class Conn implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();
    private volatile CompletableFuture<String> next = new CompletableFuture<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    volatile java.util.function.BiConsumer<WebSocket, Conn> onEcho;
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
}
