package io.wsaudit.operator.proxy.haproxy;

/** The change that fixes a diagnosis on the HAProxy Kubernetes Ingress controller. */
public sealed interface HaproxyFix {

  /** Which object an annotation change goes to. */
  enum Target {
    INGRESS,
    SERVICE
  }

  /**
   * Set one annotation on the Ingress or its backend Service; a rollback writes {@code previous}
   * back (removes the annotation when it is null).
   *
   * @param target the object to patch
   * @param annotation the full annotation name, with the prefix already in use there if any
   * @param value the new value, in HAProxy time syntax
   * @param previous the value before the change; null when the annotation was absent
   */
  record AnnotationChange(Target target, String annotation, String value, String previous)
      implements HaproxyFix {}

  /**
   * A change only the controller ConfigMap can make: reported, never written (the ConfigMap is
   * shared by every Ingress of the controller).
   *
   * @param key the ConfigMap data key
   * @param value the value to set, in HAProxy time syntax
   * @param current the value now in the ConfigMap; null when absent (the built-in default applies)
   * @param reason one sentence saying why an annotation cannot do it
   */
  record ConfigMapReport(String key, String value, String current, String reason)
      implements HaproxyFix {}
}
