package io.wsaudit.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.wsaudit.contract.WsAuditMetrics;
import io.wsaudit.operator.health.OperatorMetrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The chart's Grafana dashboard asks only for series that exist: the agent's metrics as a
 * Prometheus names them from OTLP (dots to underscores, unit and {@code _total} suffixes) with
 * their attributes as labels, and the operator's own {@code wsaudit_*} metrics.
 */
class GrafanaDashboardTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final Pattern METRIC = Pattern.compile("\\b(websocket_server_[a-z_]+|wsaudit_[a-z_]+)");
  static final Pattern SELECTOR = Pattern.compile("\\b(websocket_server_[a-z_]+)\\{([^}]*)}");
  static final Pattern BY = Pattern.compile("by \\(([^)]*)\\)");
  static final Pattern LABEL = Pattern.compile("([a-z_]+)\\s*(=~|!=|=)");

  /** Prometheus name → labels the series can have, for the agent's four instruments. */
  static Map<String, Set<String>> agentSeries() {
    Map<String, Set<String>> s = new HashMap<>();
    put(s, WsAuditMetrics.HANDSHAKES, List.of("_total"), WsAuditMetrics.HANDSHAKES_ATTRIBUTES);
    put(
        s,
        WsAuditMetrics.ACTIVE_CONNECTIONS,
        List.of(""),
        WsAuditMetrics.ACTIVE_CONNECTIONS_ATTRIBUTES);
    put(
        s,
        WsAuditMetrics.CONNECTION_DURATION,
        List.of("_seconds_bucket", "_seconds_sum", "_seconds_count"),
        WsAuditMetrics.CONNECTION_DURATION_ATTRIBUTES);
    put(s, WsAuditMetrics.CLOSES, List.of("_total"), WsAuditMetrics.CLOSES_ATTRIBUTES);
    return s;
  }

  private static void put(
      Map<String, Set<String>> s, String name, List<String> suffixes, List<String> attributes) {
    Set<String> labels = new HashSet<>(Set.of("job", "instance", "le"));
    attributes.forEach(a -> labels.add(a.replace('.', '_')));
    suffixes.forEach(x -> s.put(name.replace('.', '_') + x, labels));
  }

  static Set<String> operatorSeries() {
    Set<String> names = new HashSet<>();
    for (MetricSnapshot m : new OperatorMetrics().registry().scrape()) {
      String n = m.getMetadata().getPrometheusName();
      names.add(m instanceof CounterSnapshot ? n + "_total" : n);
    }
    return names;
  }

  static JsonNode dashboard() throws Exception {
    ConfigMap cm =
        Chart.render(Map.of("grafanaDashboard", Map.of("enabled", true))).stream()
            .filter(o -> o instanceof ConfigMap && o.getMetadata().getName().endsWith("-dashboard"))
            .map(ConfigMap.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(cm.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    return JSON.readTree(cm.getData().get("wsaudit.json"));
  }

  @Test
  void offByDefault() {
    assertThat(Chart.render(Map.of()))
        .noneMatch(o -> o.getMetadata().getName().endsWith("-dashboard"));
  }

  @Test
  void everyQueryAsksForSeriesAndLabelsThatExist() throws Exception {
    Map<String, Set<String>> agent = agentSeries();
    Set<String> operator = operatorSeries();
    List<String> exprs = new ArrayList<>();
    dashboard()
        .get("panels")
        .forEach(p -> p.get("targets").forEach(t -> exprs.add(t.get("expr").asText())));
    assertThat(exprs).hasSizeGreaterThanOrEqualTo(10);
    for (String e : exprs) {
      Set<String> labels = new HashSet<>();
      Matcher m = METRIC.matcher(e);
      while (m.find()) {
        String name = m.group(1);
        assertThat(agent.containsKey(name) || operator.contains(name))
            .as(name + " in " + e)
            .isTrue();
        labels.addAll(agent.getOrDefault(name, Set.of()));
      }
      Matcher sel = SELECTOR.matcher(e);
      while (sel.find()) {
        Set<String> allowed = agent.get(sel.group(1));
        Matcher l = LABEL.matcher(sel.group(2));
        while (l.find()) {
          assertThat(allowed).as(l.group(1) + " on " + sel.group(1)).contains(l.group(1));
        }
      }
      Matcher by = BY.matcher(e);
      while (by.find()) {
        for (String l : by.group(1).split(",")) {
          if (!labels.isEmpty()) {
            assertThat(labels).as("by " + l.trim() + " in " + e).contains(l.trim());
          }
        }
      }
    }
  }

  @Test
  void panelsHaveUniqueIdsAndTheServiceVariableFeedsThem() throws Exception {
    JsonNode d = dashboard();
    Set<Integer> ids = new HashSet<>();
    d.get("panels").forEach(p -> assertThat(ids.add(p.get("id").asInt())).as("panel id").isTrue());
    assertThat(d.at("/templating/list/1/name").asText()).isEqualTo("service");
    assertThat(d.get("uid").asText()).isEqualTo("wsaudit-websockets");
  }
}
