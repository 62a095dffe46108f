package io.wsaudit.agent.telemetry;

import io.opentelemetry.api.trace.TracerProvider;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: what a family's per-frame hook costs in the agent (issue 14's idle evidence): the lookup of
 * the connection's {@link FrameActivity} in the family's {@link FrameActivities} and its timestamp
 * store, over 128 connections that were really upgraded through {@link WebSocketTelemetry} (so the
 * registry tracks them, as in a server). Not a test: run by hand (bench/README.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class FrameHookBenchmark {

  private static final int CONNECTIONS = 128; // a power of two: the index is masked

  private WebSocketTelemetry telemetry;
  private FrameActivities frames;
  private final Object[] channels = new Object[CONNECTIONS];
  private final long[] keys = new long[CONNECTIONS];
  private int next;

  @Setup(Level.Trial)
  public void open() {
    telemetry =
        TestTelemetry.of(TracerProvider.noop().get("bench"), List.of(), 10_000, new SpanCounters());
    frames = telemetry.newFrameActivities();
    for (int i = 0; i < CONNECTIONS; i++) {
      HandshakeDecision d =
          new HandshakeDecision()
              .server("bench")
              .method("GET")
              .path("/ws")
              .protocol("HTTP/1.1")
              .status(101)
              .upgraded(true)
              .peer(new InetSocketAddress("127.0.0.1", 20_000 + i))
              .local(new InetSocketAddress("127.0.0.1", 8080))
              .headers(name -> List.of());
      telemetry.handshake(d);
      channels[i] = new Object(); // a server's channel: identity equals and hashCode
      keys[i] = d.connectionKey();
      frames.put(channels[i], telemetry.frameActivity(d.connectionKey()));
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    for (long key : keys) {
      telemetry.connectionGone(key, "eof");
    }
  }

  private Object nextChannel() {
    return channels[next++ & (CONNECTIONS - 1)];
  }

  /** The hook of a received frame: lookup, then the store. */
  @Benchmark
  public void frameReceived() {
    frames.received(nextChannel());
  }

  /** The lookup alone, to tell it from the store. */
  @Benchmark
  public FrameActivity lookupOnly() {
    return frames.get(nextChannel());
  }

  /** What the store read before the coarse clock, alone. */
  @Benchmark
  public long nanoTime() {
    return System.nanoTime();
  }

  /** What it reads now (ticking: the connections are open), alone. */
  @Benchmark
  public long coarseClock() {
    return CoarseClock.SHARED.nanoTime();
  }
}
