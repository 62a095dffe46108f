package io.wsaudit.operator.otlp;

/**
 * Where a span came from, as far as the span says: the pod from the resource ({@code
 * k8s.namespace.name}, {@code k8s.pod.name}) and the local address the connection was accepted on
 * (the pod IP). Any part may be null.
 */
public record SpanSource(String podNamespace, String podName, String localAddress) {

  public boolean hasPodName() {
    return podNamespace != null && podName != null;
  }
}
