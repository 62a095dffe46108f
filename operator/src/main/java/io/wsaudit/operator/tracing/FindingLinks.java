package io.wsaudit.operator.tracing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.wsaudit.operator.api.v1alpha1.Finding;
import io.wsaudit.operator.diagnosis.Action;
import io.wsaudit.operator.diagnosis.Diagnosis;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Puts trace UI links on a diagnosis: each finding gets a link per sample trace, and each Event
 * about a finding names the link to its newest trace, so a person goes from {@code kubectl get
 * events} to the connection in one click. Pure; the diagnosis itself knows no UI.
 */
public final class FindingLinks {

  private final TraceLinks links;

  public FindingLinks(TraceLinks links) {
    this.links = links;
  }

  public Diagnosis.Result decorate(Diagnosis.Result result) {
    if (!links.enabled()) {
      return result;
    }
    List<Finding> findings = result.status().getFindings();
    findings.forEach(f -> f.setSampleTraceLinks(links.links(f.getSampleTraceIds())));
    List<Action> actions = result.actions().stream().map(a -> withLink(a, findings)).toList();
    return new Diagnosis.Result(result.status(), actions);
  }

  private Action withLink(Action a, List<Finding> findings) {
    if (a instanceof Action.Event e) {
      return withLink(e, findings);
    }
    if (a instanceof Action.Patch p) {
      return new Action.Patch(
          p.ingress(), p.changes(), events(p.announce(), findings), events(p.ifFailed(), findings));
    }
    return a;
  }

  private List<Action.Event> events(List<Action.Event> events, List<Finding> findings) {
    return events.stream().map(e -> withLink(e, findings)).toList();
  }

  private Action.Event withLink(Action.Event e, List<Finding> findings) {
    return about(e, findings)
        .flatMap(f -> f.getSampleTraceIds().stream().findFirst())
        .flatMap(links::link)
        .map(
            url ->
                new Action.Event(
                    e.involved(),
                    e.type(),
                    e.reason(),
                    e.subject(),
                    e.message() + " Trace: " + url))
        .orElse(e);
  }

  /**
   * The finding an Event is about: on the route, its subject is the rule; on the policy, it is
   * {@code <route>/<rule>}.
   */
  private static Optional<Finding> about(Action.Event e, List<Finding> findings) {
    HasMetadata involved = e.involved();
    String name = involved.getMetadata().getName();
    return findings.stream()
        .filter(f -> f.getIngress() != null && f.getRule() != null)
        .filter(
            f ->
                Objects.equals(e.subject(), f.getIngress() + "/" + f.getRule())
                    || Objects.equals(e.subject(), f.getRule())
                        && Objects.equals(name, f.getIngress()))
        .findFirst();
  }
}
