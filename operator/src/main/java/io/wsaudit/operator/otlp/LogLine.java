package io.wsaudit.operator.otlp;

import java.time.Instant;

/**
 * One OTLP log record as the proxy-log evidence needs it: the raw line and where it came from, as
 * the OpenTelemetry Collector's {@code filelog} receiver (container parser) and {@code
 * k8sattributes} processor describe it. Any part but {@code body} may be null.
 *
 * @param body the record's body: the raw log line, without its trailing newline
 * @param time the record's time, else its observed time, else when it arrived
 * @param podNamespace resource {@code k8s.namespace.name}: the proxy pod's namespace
 * @param podName resource {@code k8s.pod.name}
 * @param container resource {@code k8s.container.name}
 * @param stream attribute {@code log.iostream}: "stdout" (nginx's access log in ingress-nginx) or
 *     "stderr" (its error log)
 * @param filePath attribute {@code log.file.path}
 */
public record LogLine(
    String body,
    Instant time,
    String podNamespace,
    String podName,
    String container,
    String stream,
    String filePath) {

  /** The same line dated {@code t}. */
  public LogLine withTime(Instant t) {
    return new LogLine(body, t, podNamespace, podName, container, stream, filePath);
  }
}
