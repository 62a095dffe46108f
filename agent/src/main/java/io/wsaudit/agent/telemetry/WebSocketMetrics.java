package io.wsaudit.agent.telemetry;

import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import io.wsaudit.contract.WsAuditMetrics;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The agent's four WebSocket instruments (docs/metrics.md), fed from the same decisions as the
 * spans. Off (metrics exporter {@code none}) it records nothing and touches no SDK object.
 */
public final class WebSocketMetrics {

  /**
   * Distinct {@code websocket.server} values kept; families name theirs with constants, so more
   * than this means something is wrong, and measurements past it are dropped and counted.
   */
  static final int MAX_SERVERS = 32;

  private static final String NO_SERVER = "";
  private static final WebSocketMetrics OFF = new WebSocketMetrics(null, null);

  private final Supplier<Meter> meter;
  private final SpanCounters counters;
  private final ConcurrentHashMap<String, MetricAttributes> servers = new ConcurrentHashMap<>();
  private volatile Instruments instruments;

  private WebSocketMetrics(Supplier<Meter> meter, SpanCounters counters) {
    this.meter = meter;
    this.counters = counters;
  }

  /** The four instruments on one meter. */
  private static final class Instruments {
    final LongCounter handshakes;
    final LongUpDownCounter active;
    final DoubleHistogram duration;
    final LongCounter closes;

    Instruments(Meter meter) {
      handshakes =
          meter
              .counterBuilder(WsAuditMetrics.HANDSHAKES)
              .setUnit(WsAuditMetrics.HANDSHAKES_UNIT)
              .setDescription("WebSocket upgrade attempts, by outcome.")
              .build();
      active =
          meter
              .upDownCounterBuilder(WsAuditMetrics.ACTIVE_CONNECTIONS)
              .setUnit(WsAuditMetrics.ACTIVE_CONNECTIONS_UNIT)
              .setDescription("Upgraded WebSocket connections that are open.")
              .build();
      duration =
          meter
              .histogramBuilder(WsAuditMetrics.CONNECTION_DURATION)
              .setUnit(WsAuditMetrics.CONNECTION_DURATION_UNIT)
              .setDescription(
                  "Lifetime of upgraded WebSocket connections, from the 101 to the end.")
              .setExplicitBucketBoundariesAdvice(WsAuditMetrics.DURATION_BUCKETS_SECONDS)
              .build();
      closes =
          meter
              .counterBuilder(WsAuditMetrics.CLOSES)
              .setUnit(WsAuditMetrics.CLOSES_UNIT)
              .setDescription("Ended WebSocket connections, by who closed, why and how.")
              .build();
    }
  }

  /** Instruments on {@code meter}; {@code counters} counts measurements dropped. */
  public static WebSocketMetrics create(Meter meter, SpanCounters counters) {
    WebSocketMetrics m = new WebSocketMetrics(() -> meter, counters);
    m.instruments = new Instruments(meter);
    return m;
  }

  /**
   * Instruments built at the first measurement, on the meter {@code meter} gives then: in extension
   * mode the OpenTelemetry agent's meter provider exists only after its premain.
   */
  public static WebSocketMetrics deferred(Supplier<Meter> meter, SpanCounters counters) {
    return new WebSocketMetrics(meter, counters);
  }

  /** Records nothing, at the cost of one branch per call. */
  public static WebSocketMetrics off() {
    return OFF;
  }

  private Instruments instruments() {
    Instruments i = instruments;
    if (i == null && meter != null) {
      synchronized (this) {
        i = instruments;
        if (i == null) {
          i = new Instruments(meter.get());
          instruments = i;
        }
      }
    }
    return i;
  }

  public boolean isOn() {
    return meter != null;
  }

  void handshake(String server, boolean upgraded, String rejection, String protocolVersion) {
    if (meter == null) {
      return;
    }
    MetricAttributes a = attributes(server);
    if (a != null) {
      instruments().handshakes.add(1, a.handshake(upgraded, rejection, protocolVersion));
    }
  }

  /** An upgraded connection is now tracked. */
  void opened(String server) {
    if (meter == null) {
      return;
    }
    MetricAttributes a = attributes(server);
    if (a != null) {
      instruments().active.add(1, a.active());
    }
  }

  /** A tracked connection was forgotten without a close (registry limit, key reused). */
  void forgotten(String server) {
    if (meter == null) {
      return;
    }
    MetricAttributes a = attributes(server);
    if (a != null) {
      instruments().active.add(-1, a.active());
    }
  }

  /** A tracked connection is gone, as its close span says. */
  void closed(String server, CloseDecision decision) {
    if (meter == null) {
      return;
    }
    MetricAttributes a = attributes(server);
    if (a != null) {
      Instruments i = instruments();
      i.active.add(-1, a.active());
      i.duration.record(decision.durationMillis / 1000.0, a.duration(decision));
      i.closes.add(1, a.close(decision));
    }
  }

  /** The server's attribute sets; null (and the measurement counted as dropped) past the bound. */
  private MetricAttributes attributes(String server) {
    String key = server == null ? NO_SERVER : server;
    MetricAttributes a = servers.get(key);
    if (a != null) {
      return a;
    }
    if (servers.size() >= MAX_SERVERS) {
      counters.metricsDropped.incrementAndGet();
      return null;
    }
    return servers.computeIfAbsent(key, k -> new MetricAttributes(server));
  }
}
