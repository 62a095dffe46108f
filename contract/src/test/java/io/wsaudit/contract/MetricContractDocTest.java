package io.wsaudit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Keeps {@code docs/metrics.md} and {@link WsAuditMetrics} saying the same thing. */
class MetricContractDocTest {

  private static final Path DOC = Path.of("..", "docs", "metrics.md");

  /** The section of the page about one instrument: from its heading to the next. */
  private static String section(String doc, String instrument) {
    int start = doc.indexOf("## `" + instrument + "`");
    assertThat(start).as("docs/metrics.md has a section for %s", instrument).isNotNegative();
    int end = doc.indexOf("\n## ", start + 1);
    return doc.substring(start, end < 0 ? doc.length() : end);
  }

  @Test
  void eachInstrumentIsDocumentedWithItsUnitAndEveryAttribute() throws IOException {
    String doc = Files.readString(DOC);
    check(
        doc,
        WsAuditMetrics.HANDSHAKES,
        WsAuditMetrics.HANDSHAKES_UNIT,
        "Counter",
        WsAuditMetrics.HANDSHAKES_ATTRIBUTES);
    check(
        doc,
        WsAuditMetrics.ACTIVE_CONNECTIONS,
        WsAuditMetrics.ACTIVE_CONNECTIONS_UNIT,
        "UpDownCounter",
        WsAuditMetrics.ACTIVE_CONNECTIONS_ATTRIBUTES);
    check(
        doc,
        WsAuditMetrics.CONNECTION_DURATION,
        WsAuditMetrics.CONNECTION_DURATION_UNIT,
        "Histogram",
        WsAuditMetrics.CONNECTION_DURATION_ATTRIBUTES);
    check(
        doc,
        WsAuditMetrics.CLOSES,
        WsAuditMetrics.CLOSES_UNIT,
        "Counter",
        WsAuditMetrics.CLOSES_ATTRIBUTES);
  }

  private static void check(
      String doc, String name, String unit, String instrument, List<String> attributes) {
    String s = section(doc, name);
    assertThat(s).contains("| " + instrument + " | `" + unit + "` |");
    for (String key : attributes) {
      assertThat(s).as("%s documents %s", name, key).contains("| `" + key + "` |");
    }
    // The table has no attribute row the contract does not list.
    s.lines()
        .filter(l -> l.matches("^\\| `[a-z_.]+` \\| (required|recommended|conditionally).*"))
        .map(l -> l.substring(3, l.indexOf('`', 3)))
        .forEach(key -> assertThat(attributes).as("%s row %s", name, key).contains(key));
    String prometheus = name.replace('.', '_');
    assertThat(doc).contains("`" + prometheus);
  }

  @Test
  void bucketsCodeClassesAndCatchAllsAreDocumented() throws IOException {
    String doc = Files.readString(DOC);
    for (double b : WsAuditMetrics.DURATION_BUCKETS_SECONDS) {
      String text = b == Math.rint(b) ? String.valueOf((long) b) : String.valueOf(b);
      assertThat(doc).contains("`" + text + "`");
    }
    for (String c : WsAuditMetrics.CodeClass.ALL) {
      assertThat(doc).contains("| `" + c + "` |");
    }
    assertThat(doc).contains("`" + WsAuditMetrics.OTHER_PROTOCOL_VERSION + "`");
    assertThat(doc.toLowerCase(Locale.ROOT))
        .contains("kestrel.connection.duration", "signalr.server.connection.duration")
        .contains("#2841", "#454");
  }
}
