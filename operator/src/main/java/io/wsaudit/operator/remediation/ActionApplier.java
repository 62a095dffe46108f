package io.wsaudit.operator.remediation;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.wsaudit.operator.diagnosis.Action;
import io.wsaudit.operator.events.EventRecorder;
import io.wsaudit.operator.health.OperatorMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out what a diagnosis decided, in order: patches through {@link AnnotationPatcher}, writes
 * to policy objects of ours through {@link PolicyWriter}, Events through {@link EventRecorder}. It
 * decides nothing itself; a refused patch is handed back so the caller can correct the status.
 */
public final class ActionApplier {

  private static final Logger LOG = LoggerFactory.getLogger(ActionApplier.class);

  private final AnnotationPatcher patcher;
  private final PolicyWriter policies;
  private final EventRecorder events;
  private final OperatorMetrics metrics;

  public ActionApplier(
      AnnotationPatcher patcher,
      PolicyWriter policies,
      EventRecorder events,
      OperatorMetrics metrics) {
    this.patcher = patcher;
    this.policies = policies;
    this.events = events;
    this.metrics = metrics;
  }

  /** Applies every action; returns the patches the API server refused. */
  public List<Action.Write> apply(List<? extends Action> actions) {
    List<Action.Write> refused = new ArrayList<>();
    for (Action action : actions) {
      if (action instanceof Action.Patch p) {
        if (!patch(p)) {
          refused.add(p);
        }
      } else if (action instanceof Action.PolicyWrite w) {
        if (!policies.write(w.change())) {
          refused.add(w);
        } else {
          metrics.patched(w.rule());
          w.announce().forEach(this::event);
        }
      } else if (action instanceof Action.PolicyUndo u) {
        policies.undo(u.undo());
        metrics.rollback("rolled_back");
        event(u.announce());
      } else if (action instanceof Action.Rollback r) {
        rollback(r);
      } else if (action instanceof Action.Event e) {
        event(e);
      }
    }
    return refused;
  }

  private boolean patch(Action.Patch p) {
    var ingress = p.ingress();
    try {
      patcher.apply(
          ingress,
          p.changes().stream().map(Action.Patch.Change::change).toList(),
          p.changes().get(0).record().policy(),
          p.rule(),
          Instant.parse(p.time()));
    } catch (KubernetesClientException e) {
      LOG.warn(
          "patching Ingress {}/{} failed: {}",
          ingress.getMetadata().getNamespace(),
          ingress.getMetadata().getName(),
          e.getMessage());
      return false;
    }
    metrics.patched(p.rule());
    p.announce().forEach(this::event);
    for (Action.Patch.Change c : p.changes()) {
      LOG.info(
          "remediated Ingress {}/{} for rule {}: {} = {} (was {})",
          ingress.getMetadata().getNamespace(),
          ingress.getMetadata().getName(),
          p.rule(),
          c.change().settingKey(),
          c.record().applied(),
          c.record().previous());
    }
    return true;
  }

  private void rollback(Action.Rollback r) {
    patcher.rollback(r.ingress(), r.settingKey(), r.record(), r.restore());
    metrics.rollback(r.restore() ? "rolled_back" : "skipped");
    event(r.announce());
  }

  private void event(Action.Event e) {
    if (e.type() == Action.Event.Type.Warning) {
      events.warning(e.involved(), e.reason(), e.subject(), e.message());
    } else {
      events.normal(e.involved(), e.reason(), e.subject(), e.message());
    }
  }
}
