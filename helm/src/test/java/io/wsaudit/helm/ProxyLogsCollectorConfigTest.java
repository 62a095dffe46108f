package io.wsaudit.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code proxyLogs.enabled}: the OpenTelemetry Collector configuration the chart renders for the
 * user's Collector (filelog on the controller pods → filter → k8sattributes → otlphttp to this
 * release), its filter tried on real nginx lines, the log format NOTES.txt recommends, and no new
 * RBAC.
 */
class ProxyLogsCollectorConfigTest {

  private static final Map<String, Object> ENABLED = Map.of("proxyLogs", Map.of("enabled", true));

  /** An OTTL {@code IsMatch(body, "…")}: the pattern as an OTTL string literal. */
  private static final Pattern IS_MATCH =
      Pattern.compile("IsMatch\\(body, \"((?:[^\"\\\\]|\\\\.)*)\"\\)");

  private static final String DEFAULT_101 =
      "10.0.0.1 - - [02/Dec/2026:05:00:00 +0000] \"GET /chat HTTP/1.1\" 101 0 \"-\" \"node\" 180"
          + " 24.388 [shop-chat-80] [] 10.0.0.5:8080 0 24.388 101 4b1c9e0f2a3d4c5b6a7980a1b2c3d4e5";
  private static final String DEFAULT_200 =
      "10.0.0.1 - - [02/Dec/2026:05:00:00 +0000] \"GET /api HTTP/1.1\" 200 12 \"-\" \"curl\" 80"
          + " 0.004 [shop-api-80] [] 10.0.0.6:8080 12 0.004 200 5b1c9e0f2a3d4c5b6a7980a1b2c3d4e5";
  private static final String RECOMMENDED_426 =
      "10.0.0.1 - - [02/Dec/2026:05:00:00 +0000] \"GET /chat HTTP/1.1\" 426 16 \"-\" \"node\" 180"
          + " 0.002 [shop-chat-80] [] 10.0.0.5:8080 16 0.002 426 6b1c9e0f2a3d4c5b6a7980a1b2c3d4e5"
          + " chat.example \"websocket\" \"Upgrade\"";
  private static final String RECOMMENDED_200 = DEFAULT_200 + " api.example \"-\" \"close\"";
  private static final String ERROR_TIMEOUT =
      "2026/12/02 05:00:00 [info] 31#31: *123 upstream timed out (110: Connection timed out) while"
          + " proxying upgraded connection, client: 10.0.0.1, server: chat.example, request: \"GET"
          + " /chat HTTP/1.1\", upstream: \"http://10.0.0.5:8080/chat\", host: \"chat.example\"";
  private static final String ERROR_KEEPALIVE =
      "2026/12/02 05:00:00 [info] 31#31: *124 client 10.0.0.1 closed keepalive connection";

  @Test
  void rendersTheCollectorPipelineToThisReleasesOtlpEndpoint() {
    Map<String, Object> config = collectorConfig(Chart.render(ENABLED));

    assertThat(path(config, "exporters", "otlp_http/wsaudit", "endpoint"))
        .isEqualTo("http://wsaudit.wsaudit-system.svc:4318");
    assertThat(path(config, "exporters", "otlp_http/wsaudit", "auth", "authenticator"))
        .isEqualTo("bearertokenauth/wsaudit");
    assertThat(path(config, "extensions", "bearertokenauth/wsaudit", "filename"))
        .isEqualTo("/var/run/secrets/kubernetes.io/serviceaccount/token");
    assertThat(path(config, "receivers", "filelog/ingress-nginx", "include"))
        .isEqualTo(
            List.of("/var/log/pods/ingress-nginx_ingress-nginx-controller-*_*/controller/*.log"));
    assertThat((List<?>) path(config, "receivers", "filelog/ingress-nginx", "operators"))
        .singleElement()
        .satisfies(op -> assertThat(((Map<?, ?>) op).get("type")).isEqualTo("container"));
    assertThat(path(config, "service", "pipelines", "logs/wsaudit", "processors"))
        .isEqualTo(
            List.of("filter/wsaudit-websocket-lines", "k8sattributes/wsaudit", "batch/wsaudit"));
    assertThat(path(config, "service", "pipelines", "logs/wsaudit", "exporters"))
        .isEqualTo(List.of("otlp_http/wsaudit"));
  }

  @Test
  void theFilterKeepsOnlyLinesThatCanBeWebSocketEvidence() {
    Map<String, Object> config = collectorConfig(Chart.render(ENABLED));
    List<?> conditions =
        (List<?>)
            path(config, "processors", "filter/wsaudit-websocket-lines", "logs", "log_record");
    assertThat(conditions).hasSize(1);
    String drop = (String) conditions.get(0);
    assertThat(drop).startsWith("not (IsMatch(body, ");
    List<Pattern> keep = new ArrayList<>();
    Matcher m = IS_MATCH.matcher(drop);
    while (m.find()) {
      // OTTL string escapes: \" and \\ (Java's regex agrees with RE2 on these patterns).
      keep.add(Pattern.compile(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\")));
    }
    assertThat(keep).hasSize(3);

    assertThat(List.of(DEFAULT_101, RECOMMENDED_426, ERROR_TIMEOUT))
        .allSatisfy(
            line -> assertThat(keep).anySatisfy(p -> assertThat(p.matcher(line).find()).isTrue()));
    assertThat(List.of(DEFAULT_200, RECOMMENDED_200, ERROR_KEEPALIVE))
        .allSatisfy(
            line -> assertThat(keep).noneSatisfy(p -> assertThat(p.matcher(line).find()).isTrue()));
  }

  @Test
  void lintsCleanWithProxyLogsOn() {
    var result = Chart.lint(ENABLED);
    assertThat(result.isFailed()).as("%s", result.getMessages()).isFalse();
    assertThat(result.getMessages()).containsExactly("[INFO] Chart.yaml: icon is recommended");
  }

  @Test
  void offByDefaultAndNoNewRbacWhenOn() {
    List<HasMetadata> off = Chart.render(Map.of());
    List<HasMetadata> on = Chart.render(ENABLED);
    assertThat(off).noneMatch(d -> d.getMetadata().getName().endsWith("-proxy-logs-collector"));
    assertThat(rbac(on)).isEqualTo(rbac(off));
    assertThat(on).hasSize(off.size() + 1);
  }

  @Test
  void notesGiveTheLogFormatToSetInTheIngressNginxConfigMap() {
    String notes = NotesTest.notes(Map.of("proxyLogs.enabled", true));
    String format =
        (String) ((Map<?, ?>) Chart.defaults().get("proxyLogs")).get("logFormatUpstream");
    assertThat(format).endsWith(" $req_id $host \"$http_upgrade\" \"$http_connection\"");
    assertThat(notes)
        .contains("ingress-nginx ConfigMap\n   ingress-nginx/ingress-nginx-controller")
        .contains("log-format-upstream: '" + format + "'")
        .contains("ConfigMap wsaudit-proxy-logs-collector (key collector.yaml)")
        .doesNotContain("otlp.proxyLogs is false");
    assertThat(NotesTest.notes(Map.of("proxyLogs.enabled", true, "otlp.proxyLogs", false)))
        .contains("WARNING: otlp.proxyLogs is false");
    // The recommended line, once in YAML, is the format itself.
    String snippet = notes.substring(notes.indexOf("log-format-upstream:"));
    Map<?, ?> parsed =
        Serialization.unmarshal(snippet.substring(0, snippet.indexOf('\n')), Map.class);
    assertThat(parsed.get("log-format-upstream")).isEqualTo(format);
  }

  private static List<String> rbac(List<HasMetadata> docs) {
    return docs.stream()
        .filter(d -> d.getKind().endsWith("Role") || d.getKind().endsWith("RoleBinding"))
        .map(Serialization::asYaml)
        .sorted()
        .toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> collectorConfig(List<HasMetadata> docs) {
    ConfigMap cm =
        (ConfigMap)
            docs.stream()
                .filter(d -> d.getMetadata().getName().equals("wsaudit-proxy-logs-collector"))
                .findFirst()
                .orElseThrow();
    return Serialization.unmarshal(cm.getData().get("collector.yaml"), Map.class);
  }

  private static Object path(Map<String, Object> map, String... keys) {
    Object at = map;
    for (String k : keys) {
      at = ((Map<?, ?>) at).get(k);
    }
    return at;
  }
}
