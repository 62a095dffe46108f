package io.wsaudit.operator.proxylog;

import io.wsaudit.operator.health.OperatorMetrics;
import io.wsaudit.operator.otlp.Observation;
import io.wsaudit.operator.otlp.ObservationSink;
import io.wsaudit.operator.trust.Sender;
import java.util.ArrayList;
import java.util.List;

/**
 * The sink for the upgraded connections among ingress-nginx's own spans: like a log line, such a
 * span speaks for the controller's pods, so its sender must be allowed to speak for the
 * controller's namespace, and a span whose resource names a pod of another namespace (another nginx
 * with the same module) is not the audited controller's and is dropped. The rest goes to the
 * evidence collector, which checks the Ingress's namespace again.
 */
public final class ProxySpanCollector implements ObservationSink {

  private final String controllerNamespace;
  private final ObservationSink evidence;
  private final OperatorMetrics metrics;

  public ProxySpanCollector(
      String controllerNamespace, ObservationSink evidence, OperatorMetrics metrics) {
    this.controllerNamespace = controllerNamespace;
    this.evidence = evidence;
    this.metrics = metrics;
  }

  @Override
  public void accept(List<Observation> observations) {
    accept(observations, Sender.UNAUTHENTICATED);
  }

  @Override
  public void accept(List<Observation> observations, Sender sender) {
    if (!sender.maySpeakFor(controllerNamespace)) {
      metrics.proxySpans("refused", observations.size());
      metrics.evidenceRefused("namespace_not_allowed");
      return;
    }
    List<Observation> ours = new ArrayList<>(observations.size());
    for (Observation o : observations) {
      String ns = o.source() == null ? null : o.source().podNamespace();
      if (ns == null || ns.equals(controllerNamespace)) {
        ours.add(o);
      }
    }
    metrics.proxySpans("other_pod", observations.size() - ours.size());
    metrics.proxySpans("kept", ours.size());
    if (!ours.isEmpty()) {
      evidence.accept(ours, sender);
    }
  }
}
