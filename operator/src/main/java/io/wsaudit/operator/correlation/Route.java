package io.wsaudit.operator.correlation;

/**
 * The Ingress rule a connection went through: the owning Ingress and the host and path it matched.
 *
 * @param namespace namespace of the Ingress
 * @param ingress name of the Ingress
 * @param host rule host ("" for a rule without host)
 * @param path rule path ("" for a default backend)
 */
public record Route(String namespace, String ingress, String host, String path) {

  /** {@code namespace/name}, the key evidence is kept under. */
  public String ingressKey() {
    return namespace + "/" + ingress;
  }
}
