package io.wsaudit.e2e.stage;

import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.e2e.Timeline;
import io.wsaudit.e2e.client.WsProbe;
import io.wsaudit.e2e.nginx.NginxModelController;
import io.wsaudit.operator.api.v1alpha1.Finding;
import io.wsaudit.operator.api.v1alpha1.Remediation;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicyStatus;
import io.wsaudit.testkit.otlp.OtlpCollector;
import io.wsaudit.testkit.otlp.ReceivedSpan;
import io.wsaudit.testkit.process.DaemonThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/** Drives client traffic through nginx and narrates what every part does on a {@link Timeline}. */
public final class Driver implements AutoCloseable {

  private final Stage stage;
  private final Timeline timeline;
  private final ExecutorService clients =
      Executors.newCachedThreadPool(DaemonThreads.named("ws-client"));
  private final ScheduledExecutorService watcher =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("status-watch"));
  private final Set<String> seenStatus = new HashSet<>();

  public Driver(Stage stage, OtlpCollector tap, Timeline timeline) {
    this.stage = stage;
    this.timeline = timeline;
    tap.onSpan(
        s -> {
          if (WsAuditSpans.SCOPE_NAME.equals(s.scope)) {
            timeline.event("span", describe(s));
          }
        });
    if (stage.model() != null) {
      stage.model().onReload(this::reloaded);
      stage
          .model()
          .onReloadError(
              e -> timeline.event("nginx", "reload FAILED, old configuration kept: " + e));
    }
    watcher.scheduleWithFixedDelay(this::watchStatus, 100, 100, TimeUnit.MILLISECONDS);
  }

  /**
   * One connection attempt: a label, the app's host, how long to keep it open, how often to send a
   * frame (null: never, an idle client), the request path.
   */
  public record Attempt(String label, Stage.App app, Duration hold, Duration every, String path) {
    public static final Duration ECHO_EVERY = Duration.ofMillis(250);

    public Attempt(String label, Stage.App app, Duration hold, Duration every) {
      this(label, app, hold, every, "/ws");
    }

    public Attempt(String label, Stage.App app, Duration hold) {
      this(label, app, hold, ECHO_EVERY);
    }

    public static Attempt idle(String label, Stage.App app, Duration hold) {
      return new Attempt(label, app, hold, null);
    }

    /** {@code n} idle clients, labelled {@code label #1} to {@code label #n}. */
    public static List<Attempt> idle(String label, Stage.App app, Duration hold, int n) {
      return numbered(n, i -> idle(label + " #" + i, app, hold));
    }

    /** {@code n} echoing clients, labelled {@code label #1} to {@code label #n}. */
    public static List<Attempt> echoing(String label, Stage.App app, Duration hold, int n) {
      return numbered(n, i -> new Attempt(label + " #" + i, app, hold));
    }

    private static List<Attempt> numbered(int n, IntFunction<Attempt> attempt) {
      return IntStream.rangeClosed(1, n).mapToObj(attempt).toList();
    }

    /** The same attempt on another path (e.g. one chat room each). */
    public Attempt at(String otherPath) {
      return new Attempt(label, app, hold, every, otherPath);
    }
  }

  /** Runs a numbered group of attempts and a few more, all at once (outcomes in that order). */
  public List<WsProbe.Outcome> connect(List<Attempt> group, Attempt... more) {
    List<Attempt> all = new ArrayList<>(group);
    all.addAll(List.of(more));
    return connect(all);
  }

  /** Runs the attempts concurrently through the proxy; returns when all have ended. */
  public List<WsProbe.Outcome> connect(List<Attempt> attempts) {
    List<CompletableFuture<WsProbe.Outcome>> futures = new ArrayList<>();
    for (Attempt a : attempts) {
      futures.add(
          CompletableFuture.supplyAsync(
              () -> {
                timeline.event(
                    "client",
                    a.label()
                        + ": GET "
                        + a.path()
                        + " Host: "
                        + a.app().host()
                        + " (upgrade) via "
                        + (stage.model() != null ? "nginx" : "haproxy")
                        + " :"
                        + stage.proxyPort()
                        + (a.every() == null ? ", then silent" : ""));
                WsProbe.Outcome o =
                    WsProbe.run(
                        a.label(),
                        stage.proxyPort(),
                        a.app().host(),
                        a.path(),
                        a.hold(),
                        a.every());
                timeline.event("client", o.describe());
                return o;
              },
              clients));
    }
    return futures.stream().map(CompletableFuture::join).toList();
  }

  public static String describe(ReceivedSpan s) {
    StringBuilder b =
        new StringBuilder(s.pod() == null ? "?" : s.pod()).append(' ').append(s.name()).append(':');
    List<String> keys =
        WsAuditSpans.HANDSHAKE_SPAN.equals(s.name())
            ? List.of(
                WsAuditSpans.SERVER,
                WsAuditSpans.NETWORK_PROTOCOL_VERSION,
                WsAuditSpans.HANDSHAKE_OUTCOME,
                WsAuditSpans.HANDSHAKE_REJECTION,
                WsAuditSpans.KEEP_ALIVE,
                WsAuditSpans.HTTP_RESPONSE_STATUS_CODE,
                WsAuditSpans.SERVER_ADDRESS,
                WsAuditSpans.REQUEST_HEADER_PREFIX + "connection")
            : List.of(
                WsAuditSpans.CLOSE_INITIATOR,
                WsAuditSpans.CLOSE_CAUSE,
                WsAuditSpans.CLOSE_CODE,
                WsAuditSpans.CONNECTION_DURATION_MS,
                WsAuditSpans.IDLE_SENT_MS,
                WsAuditSpans.IDLE_RECEIVED_MS,
                WsAuditSpans.CLOSE_EARLY);
    for (String k : keys) {
      String v = s.text(k);
      if (v != null) {
        b.append(' ')
            .append(k.replace("websocket.", "").replace("http.request.header.", "header."))
            .append('=')
            .append(v);
      }
    }
    return b.append(" trace=")
        .append(s.traceId(), 0, Math.min(12, s.traceId().length()))
        .append('…')
        .toString();
  }

  /** {@code key "old" -> "new" at TIME}, {@code (absent)} and {@code (removed)} for no value. */
  public static String describe(Remediation r) {
    return r.getAnnotation()
        + " "
        + (Boolean.TRUE.equals(r.getPreviousAbsent())
            ? "(absent)"
            : "\"" + r.getPreviousValue() + "\"")
        + " -> "
        + (r.getNewValue() == null ? "(removed)" : "\"" + r.getNewValue() + "\"")
        + " at "
        + r.getTime();
  }

  private void reloaded(NginxModelController.Reload r) {
    StringBuilder b =
        new StringBuilder(stage.model().model())
            .append(" re-rendered nginx.conf (generation ")
            .append(r.generation())
            .append("); nginx -s reload done, new workers answer");
    r.removed().stream()
        .filter(l -> l.startsWith("proxy_"))
        .forEach(l -> b.append("\n  - ").append(l));
    r.added().stream()
        .filter(l -> l.startsWith("proxy_"))
        .forEach(l -> b.append("\n  + ").append(l));
    timeline.event("nginx", b.toString());
  }

  private void watchStatus() {
    try {
      WebSocketAuditPolicyStatus st = stage.status();
      if (st == null) {
        return;
      }
      if (st.getFindings() != null) {
        for (Finding f : st.getFindings()) {
          String key = "F " + f.getIngress() + f.getRule() + f.getState();
          if (seenStatus.add(key)) {
            timeline.event(
                "operator",
                "finding "
                    + f.getState()
                    + " on Ingress "
                    + f.getIngress()
                    + " (rule "
                    + f.getRule()
                    + ", "
                    + f.getConnections()
                    + " connections, traces "
                    + String.join(", ", f.getSampleTraceIds())
                    + ")\n"
                    + f.getExplanation());
          }
        }
      }
      if (st.getRemediations() != null) {
        for (Remediation r : st.getRemediations()) {
          String key = "R " + r.getIngress() + r.getAnnotation() + r.getTime();
          if (seenStatus.add(key)) {
            timeline.event("operator", "patched Ingress " + r.getIngress() + ": " + describe(r));
          }
        }
      }
    } catch (RuntimeException e) {
      // the API server is going away
    }
  }

  @Override
  public void close() {
    watcher.shutdownNow();
    clients.shutdownNow();
  }
}
