package io.wsaudit.operator.correlation;

import io.wsaudit.operator.otlp.IdleEvidence;
import io.wsaudit.operator.otlp.Observation;
import io.wsaudit.operator.otlp.SpanSource;

/**
 * A rough, cheap estimate of the heap a stored record holds: its strings (two bytes a char, the
 * worst case) plus a fixed overhead per object. Good enough to bound memory; not an exact count.
 */
final class RecordSize {

  private static final long OBJECT_OVERHEAD = 64;

  private RecordSize() {}

  static long estimate(String key, ConnectionRecord r) {
    return OBJECT_OVERHEAD * 3
        + chars(key)
        + chars(r.traceId())
        + of(r.handshake())
        + of(r.close())
        + of(r.proxy())
        + chars(r.route().namespace())
        + chars(r.route().ingress());
  }

  static long of(Observation o) {
    if (o == null) {
      return 0;
    }
    SpanSource s = o.source();
    long n =
        OBJECT_OVERHEAD * 2
            + chars(o.traceId())
            + chars(o.connectionId())
            + chars(o.serverAddress())
            + chars(o.path())
            + chars(o.protocolVersion());
    if (s != null) {
      n += chars(s.podNamespace()) + chars(s.podName()) + chars(s.localAddress());
    }
    if (o instanceof io.wsaudit.operator.otlp.HandshakeObservation h) {
      n += chars(h.outcome()) + chars(h.rejection()) + chars(h.parentSpanId());
      for (String v : h.connectionHeader()) {
        n += chars(v) + OBJECT_OVERHEAD;
      }
    } else if (o instanceof io.wsaudit.operator.otlp.ProxyObservation p) {
      n +=
          chars(p.upstreamName())
              + chars(p.upstreamAddr())
              + chars(p.requestId())
              + chars(p.spanId());
    } else if (o instanceof io.wsaudit.operator.otlp.CloseObservation c) {
      n += chars(c.initiator()) + chars(c.cause());
      // Idle evidence of its own: one small object and its boxed values (NONE is shared).
      n += c.idle() == IdleEvidence.NONE ? 0 : OBJECT_OVERHEAD;
    }
    return n;
  }

  private static long chars(String s) {
    return s == null ? 0 : OBJECT_OVERHEAD / 2 + 2L * s.length();
  }
}
