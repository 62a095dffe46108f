package io.wsaudit.operator.proxy.ingressnginx;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.operator.proxy.nginx.log.AccessLogFormat.Escape;
import io.wsaudit.operator.proxy.nginx.log.LogParse;
import io.wsaudit.operator.proxy.nginx.log.LogSignal;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogFormatsTest {

  @Test
  void theDefaultWhenTheKeyIsAbsentOrBlank() {
    for (Map<String, String> data :
        new Map[] {Map.of(), Map.of(LogFormats.LOG_FORMAT_UPSTREAM, "  "), nullMap()}) {
      LogFormats.Compiled c = LogFormats.of(data);
      assertThat(c.ok()).isTrue();
      assertThat(c.error()).isNull();
      assertThat(c.format().format()).isEqualTo(LogFormats.DEFAULT_UPSTREAM);
      assertThat(c.format().escape()).isEqualTo(Escape.DEFAULT);
    }
  }

  @Test
  void escapeNoneWinsOverJsonAsInTheTemplate() {
    assertThat(escapeOf(Map.of(LogFormats.LOG_FORMAT_ESCAPE_JSON, "true"))).isEqualTo(Escape.JSON);
    assertThat(escapeOf(Map.of(LogFormats.LOG_FORMAT_ESCAPE_JSON, "1"))).isEqualTo(Escape.JSON);
    assertThat(
            escapeOf(
                Map.of(
                    LogFormats.LOG_FORMAT_ESCAPE_JSON, "true",
                    LogFormats.LOG_FORMAT_ESCAPE_NONE, "True")))
        .isEqualTo(Escape.NONE);
    assertThat(escapeOf(Map.of(LogFormats.LOG_FORMAT_ESCAPE_JSON, "yes")))
        .as("Go's ParseBool does not take yes")
        .isEqualTo(Escape.DEFAULT);
  }

  @Test
  void aCustomJsonFormat() {
    LogFormats.Compiled c =
        LogFormats.of(
            Map.of(
                LogFormats.LOG_FORMAT_UPSTREAM,
                "{\"time\": \"$time_iso8601\", \"status\": $status, \"upgrade\": \"$http_upgrade\"}",
                LogFormats.LOG_FORMAT_ESCAPE_JSON,
                "true"));

    assertThat(c.ok()).isTrue();
    assertThat(c.format().missing())
        .contains(LogSignal.REQUEST_ID)
        .doesNotContain(LogSignal.UPGRADE);
    LogParse p =
        c.format()
            .parse("{\"time\": \"2026-12-02T05:00:00+00:00\", \"status\": 101, \"upgrade\": \"\"}");
    assertThat(((LogParse.Parsed) p).entry().upgradeRequested()).isFalse();
  }

  @Test
  void nginxTurnsBackslashEscapesInTheQuotedFormatIntoCharacters() {
    LogFormats.Compiled c =
        LogFormats.of(Map.of(LogFormats.LOG_FORMAT_UPSTREAM, "$status\\t\\\"$request\\\""));
    assertThat(c.format().format()).isEqualTo("$status\t\"$request\"");
    LogParse p = c.format().parse("101\t\"GET /ws HTTP/1.1\"");
    assertThat(((LogParse.Parsed) p).entry().path()).isEqualTo("/ws");
  }

  @Test
  void aBadCustomFormatIsReportedNotThrown() {
    LogFormats.Compiled adjacent =
        LogFormats.of(Map.of(LogFormats.LOG_FORMAT_UPSTREAM, "$remote_addr$status"));
    assertThat(adjacent.ok()).isFalse();
    assertThat(adjacent.format()).isNull();
    assertThat(adjacent.error())
        .startsWith("log-format-upstream cannot be parsed: ")
        .contains("$remote_addr and $status");

    LogFormats.Compiled quote =
        LogFormats.of(Map.of(LogFormats.LOG_FORMAT_UPSTREAM, "$status '$request'"));
    assertThat(quote.error()).startsWith("log-format-upstream cannot be parsed: the ' at 8");
  }

  private static Escape escapeOf(Map<String, String> data) {
    return LogFormats.of(data).format().escape();
  }

  private static Map<String, String> nullMap() {
    return new HashMap<>() {
      @Override
      public String get(Object key) {
        return null;
      }
    };
  }
}
