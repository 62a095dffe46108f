package io.wsaudit.operator.correlation;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides whether the configured ingress-nginx controller serves an Ingress, the way its {@code
 * store.GetIngressClass} does (kubernetes/ingress-nginx {@code
 * internal/ingress/controller/store/store.go}): {@code spec.ingressClassName} naming an
 * IngressClass whose {@code spec.controller} is ours, else the deprecated {@code
 * kubernetes.io/ingress.class} annotation naming such a class.
 */
public final class IngressClasses {

  static final String LEGACY_CLASS_ANNOTATION = "kubernetes.io/ingress.class";

  private IngressClasses() {}

  /** Names of the IngressClasses whose controller is {@code controllerClass}. */
  public static Set<String> ofController(Collection<IngressClass> classes, String controllerClass) {
    return classes.stream()
        .filter(c -> c.getSpec() != null && controllerClass.equals(c.getSpec().getController()))
        .map(c -> c.getMetadata().getName())
        .collect(Collectors.toUnmodifiableSet());
  }

  /** The class an Ingress asks for, by field or legacy annotation; null when it names none. */
  public static String classOf(Ingress ingress) {
    if (ingress.getSpec() != null && ingress.getSpec().getIngressClassName() != null) {
      return ingress.getSpec().getIngressClassName();
    }
    var annotations = ingress.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(LEGACY_CLASS_ANNOTATION);
  }

  /** True when the Ingress names one of {@code classNames}. */
  public static boolean isServedBy(Ingress ingress, Set<String> classNames) {
    String c = classOf(ingress);
    return c != null && classNames.contains(c);
  }
}
