package io.wsaudit.operator.correlation;

import io.wsaudit.operator.health.OperatorMetrics;
import io.wsaudit.operator.otlp.CloseObservation;
import io.wsaudit.operator.otlp.HandshakeObservation;
import io.wsaudit.operator.otlp.Observation;
import io.wsaudit.operator.otlp.ObservationSink;
import io.wsaudit.operator.otlp.ProxyObservation;
import io.wsaudit.operator.trust.Sender;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OTLP receivers' sink (and the proxy-log collector's): correlates each observation with its
 * Ingress, files it in the {@link EvidenceStore} and tells the listener which namespaces got new
 * evidence (so their policies are re-evaluated).
 */
public final class EvidenceCollector implements ObservationSink {

  private static final Logger LOG = LoggerFactory.getLogger(EvidenceCollector.class);
  private static final int MAX_PENDING_CLOSES = 10_000;
  private static final long MAX_PENDING_BYTES = 8L * 1024 * 1024;

  private final Correlator correlator;
  private final EvidenceStore store;
  private final OperatorMetrics metrics;
  private final Consumer<Set<String>> onNewEvidence;

  /** Close spans that arrived before their handshake; bounded, the oldest dropped (and counted). */
  private final PendingCloses pendingCloses;

  public EvidenceCollector(
      Correlator correlator,
      EvidenceStore store,
      OperatorMetrics metrics,
      Consumer<Set<String>> onNewEvidence) {
    this.correlator = correlator;
    this.store = store;
    this.metrics = metrics;
    this.onNewEvidence = onNewEvidence;
    this.pendingCloses =
        new PendingCloses(MAX_PENDING_CLOSES, MAX_PENDING_BYTES, metrics::uncorrelated);
  }

  @Override
  public void accept(List<Observation> observations) {
    accept(observations, Sender.UNAUTHENTICATED);
  }

  /**
   * Files what {@code sender} may speak for: evidence routed to an Ingress in a namespace the
   * sender may not speak for is refused and counted, never stored.
   */
  @Override
  public void accept(List<Observation> observations, Sender sender) {
    Set<String> namespaces = new LinkedHashSet<>();
    // Handshakes first: exporters do not keep span order, and a close span can only be placed
    // through its handshake.
    List<Observation> ordered = new ArrayList<>(observations);
    ordered.sort(Comparator.comparing(o -> o instanceof HandshakeObservation ? 0 : 1));
    for (Observation o : ordered) {
      String key = keyOf(o);
      Optional<Route> route = routeOf(key, o);
      if (route.isEmpty()) {
        if (o instanceof CloseObservation c && !c.source().hasPodName()) {
          // Its handshake may still be on the way in a later export.
          pendingCloses.put(key, c, sender);
        } else {
          metrics.uncorrelated();
          LOG.debug(
              "no Ingress of the configured controller found for {} from {}",
              o.getClass().getSimpleName(),
              o.source());
        }
        continue;
      }
      Route r = route.get();
      if (!sender.maySpeakFor(r.namespace())) {
        metrics.evidenceRefused("namespace_not_allowed");
        continue;
      }
      file(store, key, r, o);
      if (o instanceof HandshakeObservation) {
        PendingCloses.Pending pending = pendingCloses.remove(key);
        CloseObservation early =
            pending != null && pending.sender().maySpeakFor(r.namespace()) ? pending.close() : null;
        if (pending != null && early == null) {
          metrics.evidenceRefused("namespace_not_allowed");
        }
        if (early != null) {
          file(store, key, r, early);
        }
      }
      namespaces.add(r.namespace());
    }
    if (!namespaces.isEmpty()) {
      onNewEvidence.accept(namespaces);
    }
  }

  /**
   * Files one routed observation: a handshake or a proxy line joined by request id with the other
   * source's half of the same connection, a close span under its handshake's key.
   */
  static void file(EvidenceStore store, String key, Route r, Observation o) {
    if (o instanceof ProxyObservation p) {
      store.upsertJoined(
          key,
          p.requestId(),
          p.spanKey(),
          r,
          rec -> rec.withProxy(p),
          ConnectionRecord.ofProxy(r, p));
    } else if (o instanceof HandshakeObservation h) {
      store.upsertJoined(
          key,
          h.requestId(),
          h.parentKey(),
          r,
          rec -> rec.withHandshake(h),
          new ConnectionRecord(r, h.traceId(), h, null));
    } else if (o instanceof CloseObservation c) {
      store.upsert(key, r, rec -> rec.withClose(c), new ConnectionRecord(r, c.traceId(), null, c));
    }
  }

  /**
   * The agent's spans of one connection share trace and connection id; a proxy line is keyed by its
   * request id, nginx's span by its span id ({@link EvidenceStore#upsertJoined} joins them), else
   * by where and when it was written.
   */
  static String keyOf(Observation o) {
    if (o instanceof ProxyObservation p) {
      return EvidenceStore.PROXY_KEY_PREFIX
          + (p.requestId() != null
              ? p.requestId()
              : p.spanKey() != null
                  ? "span/" + p.spanKey()
                  : p.source().podName() + "/" + p.time() + "/" + p.upstreamAddr() + p.path());
    }
    return o.traceId() + "/" + (o.connectionId() == null ? "" : o.connectionId());
  }

  private Optional<Route> routeOf(String key, Observation o) {
    // A close span carries no local address; its handshake (same trace, same connection) already
    // found the route.
    String known = store.ingressOf(key);
    if (known != null && o instanceof CloseObservation) {
      Optional<Route> again = correlator.correlate(o);
      if (again.isPresent() && again.get().ingressKey().equals(known)) {
        return again;
      }
      return Optional.of(Route.ofKey(known));
    }
    return correlator.correlate(o);
  }
}
