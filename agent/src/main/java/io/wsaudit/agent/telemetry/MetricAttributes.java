package io.wsaudit.agent.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.wsaudit.contract.WsAuditMetrics;
import io.wsaudit.contract.WsAuditMetrics.CodeClass;
import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.contract.WsAuditSpans.Cause;
import io.wsaudit.contract.WsAuditSpans.Initiator;
import io.wsaudit.contract.WsAuditSpans.Rejection;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The attribute sets of one server family's measurements, each built once: every value comes from a
 * closed list (docs/metrics.md), so a combination is an index into a lazily filled array and a
 * measurement on the hot path allocates nothing. Values outside a list are recorded as the list's
 * catch-all ({@code other}, {@code unknown}, {@code _OTHER}).
 */
final class MetricAttributes {

  static final AttributeKey<String> CODE_CLASS =
      AttributeKey.stringKey(WsAuditMetrics.CLOSE_CODE_CLASS);
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey(WsAuditMetrics.ERROR_TYPE);

  private static final int OUTCOMES = 1 + Rejection.ALL.size();
  private static final int VERSIONS = 2 + WsAuditMetrics.PROTOCOL_VERSIONS.size();
  private static final int CLASSES = CodeClass.ALL.size();
  private static final int INITIATORS = Initiator.ALL.size();
  private static final int CAUSES = Cause.ALL.size();

  private final String server;
  private final Attributes active;
  private final AtomicReferenceArray<Attributes> handshakes =
      new AtomicReferenceArray<>(OUTCOMES * VERSIONS);
  private final AtomicReferenceArray<Attributes> durations =
      new AtomicReferenceArray<>(CLASSES * INITIATORS * CAUSES);
  private final AtomicReferenceArray<Attributes> closes =
      new AtomicReferenceArray<>(CLASSES * INITIATORS * CAUSES * 2);

  /** {@code server}: the family's {@code websocket.server} value, null when it names none. */
  MetricAttributes(String server) {
    this.server = server;
    this.active = withServer(Attributes.builder()).build();
  }

  Attributes active() {
    return active;
  }

  Attributes handshake(boolean upgraded, String rejection, String protocolVersion) {
    int outcome = upgraded ? 0 : 1 + index(Rejection.ALL, rejection, Rejection.OTHER);
    int version =
        protocolVersion == null
            ? 0
            : 1
                + index(
                    WsAuditMetrics.PROTOCOL_VERSIONS,
                    protocolVersion,
                    WsAuditMetrics.PROTOCOL_VERSIONS.size());
    int i = outcome * VERSIONS + version;
    Attributes a = handshakes.get(i);
    if (a == null) {
      AttributesBuilder b =
          Attributes.builder()
              .put(
                  SpanKeys.OUTCOME,
                  upgraded ? WsAuditSpans.Outcome.UPGRADED : WsAuditSpans.Outcome.REJECTED);
      if (!upgraded) {
        b.put(SpanKeys.REJECTION, Rejection.ALL.get(outcome - 1));
      }
      if (version > 0) {
        b.put(
            SpanKeys.PROTOCOL_VERSION,
            version <= WsAuditMetrics.PROTOCOL_VERSIONS.size()
                ? WsAuditMetrics.PROTOCOL_VERSIONS.get(version - 1)
                : WsAuditMetrics.OTHER_PROTOCOL_VERSION);
      }
      a = withServer(b).build();
      handshakes.set(i, a);
    }
    return a;
  }

  Attributes duration(CloseDecision d) {
    int i = closeIndex(d);
    Attributes a = durations.get(i);
    if (a == null) {
      AttributesBuilder b = closeBase(i);
      String errorType =
          WsAuditMetrics.errorType(CodeClass.ALL.get(i / (INITIATORS * CAUSES)), causeOf(i));
      if (errorType != null) {
        b.put(ERROR_TYPE, errorType);
      }
      a = withServer(b).build();
      durations.set(i, a);
    }
    return a;
  }

  Attributes close(CloseDecision d) {
    int i = closeIndex(d) * 2 + (d.early ? 1 : 0);
    Attributes a = closes.get(i);
    if (a == null) {
      int base = i / 2;
      AttributesBuilder b =
          closeBase(base)
              .put(CODE_CLASS, CodeClass.ALL.get(base / (INITIATORS * CAUSES)))
              .put(SpanKeys.CLOSE_EARLY, d.early);
      a = withServer(b).build();
      closes.set(i, a);
    }
    return a;
  }

  /** (code class, initiator, cause) as one index. */
  private static int closeIndex(CloseDecision d) {
    int codeClass = CodeClass.ALL.indexOf(CodeClass.of(d.code));
    int initiator = index(Initiator.ALL, d.initiator, Initiator.ALL.indexOf(Initiator.TRANSPORT));
    int cause = index(Cause.ALL, d.cause, Cause.ALL.indexOf(Cause.UNKNOWN));
    return (codeClass * INITIATORS + initiator) * CAUSES + cause;
  }

  private static String causeOf(int closeIndex) {
    return Cause.ALL.get(closeIndex % CAUSES);
  }

  private static AttributesBuilder closeBase(int closeIndex) {
    return Attributes.builder()
        .put(SpanKeys.CLOSE_INITIATOR, Initiator.ALL.get(closeIndex / CAUSES % INITIATORS))
        .put(SpanKeys.CLOSE_CAUSE, causeOf(closeIndex));
  }

  private AttributesBuilder withServer(AttributesBuilder b) {
    return server == null ? b : b.put(SpanKeys.SERVER, server);
  }

  /** The position of {@code value} in {@code values}, else {@code otherwise}. */
  private static int index(List<String> values, String value, int otherwise) {
    int i = value == null ? -1 : values.indexOf(value);
    return i >= 0 ? i : otherwise;
  }

  private static int index(List<String> values, String value, String otherwise) {
    return index(values, value, values.indexOf(otherwise));
  }
}
