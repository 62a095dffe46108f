package io.wsaudit.operator.proxy;

/**
 * The value ingress-nginx uses for one setting on one Ingress, and where it came from.
 *
 * @param value the effective value
 * @param source which layer supplied it
 * @param annotationValue the raw Ingress annotation, even when it was invalid and ignored; null
 *     when absent
 */
public record Setting(String value, Source source, String annotationValue) {

  /**
   * The layers of ingress-nginx's precedence: Ingress annotation, then controller ConfigMap, then
   * built-in.
   */
  public enum Source {
    ANNOTATION,
    CONFIGMAP,
    DEFAULT
  }
}
