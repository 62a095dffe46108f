package io.wsaudit.operator.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.wsaudit.operator.config.Sha256;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes core/v1 Events with deterministic names (involved object + reason + subject), so a repeat
 * of the same occurrence increments {@code count} instead of piling up new Events, as kubelet's
 * event correlator does.
 */
public final class EventRecorder {

  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  public static final String COMPONENT = "wsaudit-operator";

  private final KubernetesClient client;

  public EventRecorder(KubernetesClient client) {
    this.client = client;
  }

  public void normal(HasMetadata involved, String reason, String subject, String message) {
    record(involved, "Normal", reason, subject, message);
  }

  public void warning(HasMetadata involved, String reason, String subject, String message) {
    record(involved, "Warning", reason, subject, message);
  }

  /** The Event name used for this involved object, reason and subject. */
  public static String eventName(HasMetadata involved, String reason, String subject) {
    String key =
        involved.getKind()
            + "/"
            + involved.getMetadata().getNamespace()
            + "/"
            + involved.getMetadata().getName()
            + "/"
            + reason
            + "/"
            + subject;
    return involved.getMetadata().getName() + "." + Sha256.hex(key).substring(0, 16);
  }

  private void record(
      HasMetadata involved, String type, String reason, String subject, String message) {
    String ns = involved.getMetadata().getNamespace();
    String name = eventName(involved, reason, subject);
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    try {
      var events = client.v1().events().inNamespace(ns);
      Event existing = events.withName(name).get();
      if (existing != null) {
        int count = existing.getCount() == null ? 1 : existing.getCount();
        events
            .withName(name)
            .edit(
                e ->
                    new EventBuilder(e)
                        .withCount(count + 1)
                        .withLastTimestamp(now)
                        .withMessage(message)
                        .withType(type)
                        .build());
        return;
      }
      events
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .withNamespace(ns)
                  .endMetadata()
                  .withInvolvedObject(
                      new ObjectReferenceBuilder()
                          .withApiVersion(involved.getApiVersion())
                          .withKind(involved.getKind())
                          .withNamespace(ns)
                          .withName(involved.getMetadata().getName())
                          .withUid(involved.getMetadata().getUid())
                          .withResourceVersion(involved.getMetadata().getResourceVersion())
                          .build())
                  .withReason(reason)
                  .withMessage(message)
                  .withType(type)
                  .withFirstTimestamp(now)
                  .withLastTimestamp(now)
                  .withCount(1)
                  .withNewSource()
                  .withComponent(COMPONENT)
                  .endSource()
                  .withReportingComponent(COMPONENT)
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      // Events are a courtesy to people; the finding is in the policy status either way.
      LOG.warn(
          "could not record event {} on {}/{}: {}",
          reason,
          ns,
          involved.getMetadata().getName(),
          e.getMessage());
    }
  }
}
