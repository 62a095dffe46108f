package io.wsaudit.operator.trust;

import java.util.Set;

/**
 * Who sent an OTLP request, as far as the operator could verify, and which namespaces' pods it may
 * give evidence for.
 *
 * @param identity the verified identity (a ServiceAccount's username), or a fixed label
 * @param allNamespaces whether it may speak for every namespace (a trusted Collector, the static
 *     token, or an operator run without authentication)
 * @param namespaces otherwise, the namespaces it may speak for (a ServiceAccount's own)
 */
public record Sender(String identity, boolean allNamespaces, Set<String> namespaces) {

  /** Anyone at all: the operator runs without authentication (local use and tests). */
  public static final Sender UNAUTHENTICATED = new Sender("unauthenticated", true, Set.of());

  public Sender {
    namespaces = Set.copyOf(namespaces);
  }

  public static Sender forAllNamespaces(String identity) {
    return new Sender(identity, true, Set.of());
  }

  public static Sender forNamespace(String identity, String namespace) {
    return new Sender(identity, false, Set.of(namespace));
  }

  /** Whether evidence about a pod or Ingress in {@code namespace} from this sender is accepted. */
  public boolean maySpeakFor(String namespace) {
    return allNamespaces || (namespace != null && namespaces.contains(namespace));
  }
}
