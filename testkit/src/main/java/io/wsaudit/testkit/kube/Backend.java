package io.wsaudit.testkit.kube;

/**
 * A workload as correlation sees it: one Pod with an IP, behind a Service of its own name (port
 * 80), listed in that Service's EndpointSlice at {@code targetPort}.
 */
public record Backend(String namespace, String service, String pod, String podIp, int targetPort) {

  /** Pod {@code <service>-0}, target port 8080. */
  public static Backend of(String namespace, String service, String podIp) {
    return new Backend(namespace, service, service + "-0", podIp, 8080);
  }
}
