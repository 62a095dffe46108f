package io.wsaudit.operator.testing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the spans ingress-nginx's OpenTelemetry module ({@code otel_ngx_module} of
 * opentelemetry-cpp-contrib) ends for each request: scope {@code nginx}, kind server, the old HTTP
 * semantic-convention attributes it sets, from the rewrite phase to the log phase; resource {@code
 * service.name=nginx} (ingress-nginx's {@code otel-service-name} default), plus the pod when a
 * Collector's k8sattributes processor added it.
 */
public final class NginxSpans {

  private Resource resource =
      Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "nginx"));
  private String host = "chat.example.com";
  private String target = "/ws?room=1";
  private Instant end = Instant.now();
  private final List<SpanContext> contexts = new ArrayList<>();

  public static NginxSpans direct() {
    return new NginxSpans();
  }

  /** As a Collector's k8sattributes processor leaves the resource: the controller pod named. */
  public static NginxSpans fromPod(String namespace, String pod) {
    NginxSpans s = new NginxSpans();
    s.resource = s.resource.merge(WsSpans.pod(namespace, pod));
    return s;
  }

  /** The Host header as the client sent it (a port is allowed). */
  public NginxSpans host(String host) {
    this.host = host;
    return this;
  }

  public NginxSpans target(String target) {
    this.target = target;
    return this;
  }

  /** When the spans end (nginx's log phase). */
  public NginxSpans endingAt(Instant end) {
    this.end = end;
    return this;
  }

  /** n upgraded connections (101) that lived {@code lifetime} each. */
  public List<SpanData> upgrades(int n, Duration lifetime) {
    List<SpanData> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(span(101, lifetime));
    }
    return out;
  }

  /** n plain requests to the same host and path, answered {@code status}. */
  public List<SpanData> plainRequests(int n, int status) {
    List<SpanData> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(span(status, Duration.ofMillis(4)));
    }
    return out;
  }

  /**
   * The contexts of every span built so far, in order: what nginx sent upstream as {@code
   * traceparent} ({@code opentelemetry_propagate}), so the agent's handshakes are their children.
   */
  public List<SpanContext> contexts() {
    return List.copyOf(contexts);
  }

  private SpanData span(long status, Duration lifetime) {
    SpanContext ctx = WsSpans.sampledIn(WsSpans.randomHex(16));
    contexts.add(ctx);
    Attributes a =
        Attributes.builder()
            .put("http.method", "GET")
            .put("http.flavor", "1.1")
            .put("http.target", target)
            .put("http.server_name", host.replaceAll(":.*", ""))
            .put("http.host", host)
            .put("http.user_agent", "ws-client/1.0")
            .put("http.status_code", status)
            .put("http.scheme", "http")
            .put("net.host.port", 80L)
            .put("net.peer.ip", "10.1.0.7")
            .put("net.peer.port", 51234L)
            .build();
    long endNanos = WsSpans.nanos(end);
    return WsSpans.finished(
        resource,
        InstrumentationScopeInfo.create("nginx"),
        ctx,
        SpanContext.getInvalid(),
        "/ws",
        SpanKind.SERVER,
        endNanos - lifetime.toNanos(),
        endNanos,
        a,
        status >= 500 ? StatusData.error() : StatusData.unset());
  }
}
