package io.wsaudit.bench;

import io.wsaudit.testkit.process.DaemonThreads;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The load client: the JDK's {@link java.net.http.WebSocket}, one shared {@link HttpClient}. Every
 * loop is bounded both in time and in count, and every wait has a timeout.
 */
public final class LoadClient implements AutoCloseable {

  static final Duration TIMEOUT = Duration.ofSeconds(10);
  static final String MESSAGE = "ping-0123456789";

  private final HttpClient http;
  private final ExecutorService workers =
      Executors.newCachedThreadPool(DaemonThreads.named("bench-worker"));

  public LoadClient() {
    http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  }

  static URI uri(int port) {
    return URI.create("ws://127.0.0.1:" + port + "/ws");
  }

  /** One handshake, bounded by {@link #TIMEOUT}. */
  WebSocket connect(int port, WsListener listener) throws Exception {
    return connectAsync(port, listener).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Client close first, then the server's close frame, each bounded by {@link #TIMEOUT}. */
  private static void closeAndAwait(WebSocket ws, WsListener conn) throws Exception {
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    conn.closed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  private CompletableFuture<WebSocket> connectAsync(int port, WsListener listener) {
    return http.newWebSocketBuilder().connectTimeout(TIMEOUT).buildAsync(uri(port), listener);
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
    WsListener conn = new WsListener();
    WebSocket ws = connect(port, conn);
    long handshake = System.nanoTime() - t0;
    try {
      CompletableFuture<String> echo = conn.nextText();
      ws.sendText(MESSAGE, true).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      String got = echo.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (!MESSAGE.equals(got)) {
        throw new IllegalStateException("echo was " + got);
      }
      closeAndAwait(ws, conn);
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
  public long awaitFirstUpgrade(int port, long startNanos, Duration max, BooleanSupplier alive)
      throws Exception {
    long deadline = startNanos + max.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline && alive.getAsBoolean()) {
      try {
        WsListener conn = new WsListener();
        WebSocket ws = connect(port, conn);
        long at = System.nanoTime() - startNanos;
        closeAndAwait(ws, conn);
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
    List<WebSocket> open = Collections.synchronizedList(new ArrayList<>(count));
    Semaphore inFlight = new Semaphore(parallel);
    LongAdder failed = new LongAdder();
    long deadline = System.nanoTime() + max.toNanos();
    for (int i = 0; i < count && System.nanoTime() < deadline; i++) {
      if (!inFlight.tryAcquire(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        break;
      }
      connectAsync(port, new WsListener())
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
      int port, int connections, Duration duration, long maxMessages, LongSupplier serverCpuNanos)
      throws Exception {
    return new EchoRate(this).run(port, connections, duration, maxMessages, serverCpuNanos);
  }

  private final AtomicReference<Throwable> lastFailure = new AtomicReference<>();

  void failed(LongAdder counter, Throwable e) {
    counter.increment();
    lastFailure.set(e);
  }

  /** Counts a failed send; the chain of sends goes on. */
  <T> T sendFailed(LongAdder counter, Throwable e) {
    failed(counter, e);
    return null;
  }

  /** The last failure seen since the previous call, for the log; null when none. */
  public Throwable takeLastFailure() {
    return lastFailure.getAndSet(null);
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }
}
