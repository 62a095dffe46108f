package io.wsaudit.operator.proxylog;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.wsaudit.operator.health.OperatorMetrics;
import io.wsaudit.operator.otlp.LogLine;
import io.wsaudit.operator.otlp.Observation;
import io.wsaudit.operator.otlp.ProxyObservation;
import io.wsaudit.operator.proxy.nginx.log.AccessLogEntry;
import io.wsaudit.operator.proxy.nginx.log.ErrorLogEntry;
import io.wsaudit.operator.proxy.nginx.log.LogParse;
import io.wsaudit.operator.proxy.nginx.log.LogSignal;
import io.wsaudit.operator.testing.Metrics;
import io.wsaudit.operator.trust.Sender;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * What the collector keeps of the controller's lines: upgrades only, from the audited controller's
 * pods only, timed-out error lines joined to their connection, bad lines counted and sampled, the
 * format compiled once per ConfigMap version. Parsing itself is the parsers' job: here a test
 * parser hands back the entries each line stands for.
 */
class ProxyLogCollectorTest {

  static final Instant END = Instant.parse("2026-12-02T05:01:00Z");
  static final String NS = "ingress-nginx";

  final OperatorMetrics metrics = new OperatorMetrics();
  final List<Observation> filed = new ArrayList<>();
  final LineParsers parsers = new LineParsers();
  final AtomicReference<ConfigMap> configMap = new AtomicReference<>(configMap("1", "$status"));
  final ProxyLogCollector collector =
      new ProxyLogCollector(
          NS, configMap::get, parsers, filed::addAll, metrics, Clock.fixed(END, ZoneOffset.UTC));

  @Test
  void upgradesAndUpgradeRequestsAreKept_plainRequestsCountedAndDropped() {
    parsers.access("ws", entry(101, "websocket", "req-1"));
    parsers.access("rejected", entry(400, "websocket", "req-2"));
    parsers.access("plain", entry(200, "", "req-3"));
    parsers.access("unknown-upgrade", entry(200, null, "req-4"));
    collector.accept(lines("ws", "rejected", "plain", "unknown-upgrade"), Sender.UNAUTHENTICATED);
    assertThat(filed)
        .extracting(o -> ((ProxyObservation) o).requestId())
        .containsExactly("req-1", "req-2");
    ProxyObservation ws = (ProxyObservation) filed.get(0);
    assertThat(ws.source().podName()).isEqualTo("ingress-nginx-controller-0");
    assertThat(ws.upstreamAddr()).isEqualTo("10.0.9.1:8080");
    assertThat(ws.lifetimeMs()).isEqualTo(3L);
    assertThat(counted("access", "not_websocket")).isEqualTo(2);
    assertThat(counted("access", "kept")).isEqualTo(2);
  }

  @Test
  void linesOfOtherPodsAndSendersThatMayNotSpeakForTheControllerAreDropped() {
    parsers.access("ws", entry(101, "websocket", "req-1"));
    LogLine elsewhere = new LogLine("ws", END, "shop", "nginx-0", "nginx", "stdout", null);
    collector.accept(List.of(elsewhere), Sender.UNAUTHENTICATED);
    collector.accept(lines("ws"), Sender.forNamespace("sa", "shop"));
    assertThat(filed).isEmpty();
    assertThat(counted("any", "other_pod")).isEqualTo(1);
    assertThat(counted("any", "refused")).isEqualTo(1);
    assertThat(collector.report().received()).as("no line of ours arrived").isFalse();
  }

  @Test
  void theTimedOutErrorLineMarksItsConnection_inEitherOrder() {
    parsers.access("ws", entry(101, "websocket", "req-1"));
    parsers.error("2026/12/02 05:01:00 [error] 31#31: *7 upstream timed out", timedOut());
    parsers.error("2026/12/02 05:01:00 [warn] 31#31: *8 something else", other());
    collector.accept(
        lines("2026/12/02 05:01:00 [error] 31#31: *7 upstream timed out", "ws"),
        Sender.UNAUTHENTICATED);
    assertThat(filed)
        .singleElement()
        .satisfies(o -> assertThat(((ProxyObservation) o).timedOut()).isTrue());

    filed.clear();
    collector.accept(lines("ws"), Sender.UNAUTHENTICATED);
    collector.accept(
        stderr(
            "2026/12/02 05:01:00 [error] 31#31: *7 upstream timed out",
            "2026/12/02 05:01:00 [warn] 31#31: *8 something else",
            "I1202 05:01:00.000000       7 controller.go:190] Configuration changes detected"),
        Sender.UNAUTHENTICATED);
    assertThat(filed)
        .as("filed once as the line came, once more when its error line said it was cut")
        .extracting(o -> ((ProxyObservation) o).timedOut())
        .containsExactly(false, true);
    assertThat(counted("error", "not_websocket")).isEqualTo(1);
    assertThat(counted("other", "not_websocket")).isEqualTo(1);
  }

  @Test
  void badLinesAreCountedPerReasonWithTheLatestSample_neverFatal() {
    collector.accept(lines("bad one", "bad two"), Sender.UNAUTHENTICATED);
    ProxyLogReport r = collector.report();
    assertThat(r.received()).isTrue();
    assertThat(r.lastLine()).isEqualTo(END);
    assertThat(r.unparsed()).containsEntry("unknown_line", 2L);
    assertThat(r.unparsedSample()).isEqualTo("bad two");
    assertThat(
            Metrics.counter(
                metrics, "wsaudit_proxy_log_unparsed", Map.of("reason", "unknown_line")))
        .isEqualTo(2);
    String huge = "x".repeat(10_000);
    collector.accept(lines(huge), Sender.UNAUTHENTICATED);
    assertThat(collector.report().unparsedSample()).hasSizeLessThan(300);
  }

  @Test
  void aLineDatedInTheFutureIsReDatedToItsArrival_likeASpan() {
    AccessLogEntry e = entry(101, "websocket", "req-1");
    parsers.access(
        "future",
        new AccessLogEntry(
            END.plusSeconds(3600),
            e.remoteAddr(),
            e.method(),
            e.path(),
            e.clientProtocol(),
            e.host(),
            e.status(),
            e.requestTimeMs(),
            e.upstreamName(),
            e.upstreamAddrs(),
            e.upstreamStatus(),
            e.upstreamResponseTimeMs(),
            e.requestId(),
            e.upgrade(),
            e.connection()));
    collector.accept(lines("future"), Sender.UNAUTHENTICATED);
    assertThat(filed).singleElement().satisfies(o -> assertThat(o.time()).isEqualTo(END));
  }

  @Test
  void theFormatIsCompiledOncePerConfigMapVersion_andSaysWhatItMisses() {
    collector.accept(lines("a"), Sender.UNAUTHENTICATED);
    collector.accept(lines("b"), Sender.UNAUTHENTICATED);
    assertThat(parsers.compiled).containsExactly("$status");
    configMap.set(configMap("2", "$status $req_id"));
    collector.accept(lines("c"), Sender.UNAUTHENTICATED);
    assertThat(parsers.compiled).containsExactly("$status", "$status $req_id");
    assertThat(collector.report().missing()).containsExactly(LogSignal.UPGRADE);
  }

  // --- fixtures

  private double counted(String kind, String result) {
    return Metrics.counter(
        metrics, "wsaudit_proxy_log_lines", Map.of("kind", kind, "result", result));
  }

  private static List<LogLine> lines(String... bodies) {
    return from("stdout", bodies);
  }

  private static List<LogLine> stderr(String... bodies) {
    return from("stderr", bodies);
  }

  private static List<LogLine> from(String stream, String... bodies) {
    return List.of(bodies).stream()
        .map(b -> new LogLine(b, END, NS, "ingress-nginx-controller-0", "controller", stream, null))
        .toList();
  }

  private static ConfigMap configMap(String version, String format) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName("ingress-nginx-controller")
        .withNamespace(NS)
        .withResourceVersion(version)
        .endMetadata()
        .withData(Map.of("log-format-upstream", format))
        .build();
  }

  static AccessLogEntry entry(int status, String upgrade, String requestId) {
    return new AccessLogEntry(
        END,
        "10.1.0.7",
        "GET",
        "/ws",
        "HTTP/1.1",
        "chat.example.com",
        status,
        3L,
        "shop-chat-80",
        List.of("10.0.9.1:8080"),
        status,
        3L,
        requestId,
        upgrade,
        "upgrade");
  }

  static ErrorLogEntry timedOut() {
    return new ErrorLogEntry(
        END,
        "error",
        7L,
        "upstream timed out (110: Connection timed out) while proxying upgraded connection",
        "10.1.0.7",
        "chat.example.com",
        "GET /ws HTTP/1.1",
        "http://10.0.9.1:8080/ws",
        "chat.example.com");
  }

  static ErrorLogEntry other() {
    return new ErrorLogEntry(END, "warn", 8L, "something else", null, null, null, null, null);
  }

  /**
   * Parsers for this test: each line stands for the entry the test registered for it; any other
   * access line is unparsed ("unknown_line"). The "format" is the ConfigMap's log-format-upstream,
   * recorded each time it is compiled; it misses $http_upgrade unless it names it.
   */
  static final class LineParsers implements ProxyLogParsers {
    final Map<String, AccessLogEntry> access = new HashMap<>();
    final Map<String, ErrorLogEntry> errors = new HashMap<>();
    final List<String> compiled = new ArrayList<>();

    void access(String line, AccessLogEntry e) {
      access.put(line, e);
    }

    void error(String line, ErrorLogEntry e) {
      errors.put(line, e);
    }

    @Override
    public AccessFormat accessFormat(Map<String, String> data) {
      String format = data == null ? "" : data.get("log-format-upstream");
      compiled.add(format);
      return new AccessFormat() {
        @Override
        public LogParse parse(String line) {
          AccessLogEntry e = access.get(line);
          return e == null ? new LogParse.Unparsed("unknown_line") : new LogParse.Parsed(e);
        }

        @Override
        public Set<LogSignal> missing() {
          return format.contains("$http_upgrade") ? Set.of() : Set.of(LogSignal.UPGRADE);
        }

        @Override
        public String problem() {
          return null;
        }
      };
    }

    @Override
    public Optional<ErrorLogEntry> errorLine(String line) {
      return Optional.ofNullable(errors.get(line));
    }
  }
}
