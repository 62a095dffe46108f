package io.wsaudit.operator.proxy.nginx.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ErrorLogParserTest {

  /** As nginx 1.22.1 wrote it: an upgraded connection cut by proxy_read_timeout 1s. */
  private static final String REAL_TIMEOUT =
      "2026/12/02 05:37:51 [info] 10959#10959: *1 upstream timed out (110: Connection timed out)"
          + " while proxying upgraded connection, client: 127.0.0.1, server: , request:"
          + " \"GET /ws?x=1 HTTP/1.1\", upstream: \"http://127.0.0.1:18601/ws?x=1\", host:"
          + " \"echo.example:80\"";

  @Test
  void readsAnUpgradedConnectionsTimeout() {
    ErrorLogEntry e = ErrorLogParser.parse(REAL_TIMEOUT, ZoneOffset.UTC).orElseThrow();

    assertThat(e.time()).isEqualTo(Instant.parse("2026-12-02T05:37:51Z"));
    assertThat(e.level()).isEqualTo("info");
    assertThat(e.connection()).isEqualTo(1L);
    assertThat(e.message())
        .isEqualTo(
            "upstream timed out (110: Connection timed out) while proxying upgraded connection");
    assertThat(e.client()).isEqualTo("127.0.0.1");
    assertThat(e.server()).isEmpty();
    assertThat(e.request()).isEqualTo("GET /ws?x=1 HTTP/1.1");
    assertThat(e.upstream()).isEqualTo("http://127.0.0.1:18601/ws?x=1");
    assertThat(e.host()).isEqualTo("echo.example:80");
    assertThat(e.upgraded()).isTrue();
    assertThat(e.upgradedTimedOut()).isTrue();
    assertThat(e.upstreamTimedOut()).isTrue();
    assertThat(e.clientTimedOut()).isFalse();
  }

  @Test
  void readsTheTimeInTheGivenZone() {
    ErrorLogEntry e = ErrorLogParser.parse(REAL_TIMEOUT, ZoneId.of("Europe/Berlin")).orElseThrow();
    assertThat(e.time()).isEqualTo(Instant.parse("2026-12-02T04:37:51Z"));
  }

  @Test
  void clientTimeoutIsTheOtherSide() {
    String line =
        upgradedConnection("info", 123, "client timed out (110: Connection timed out)", "");
    ErrorLogEntry e = ErrorLogParser.parse(line, ZoneOffset.UTC).orElseThrow();

    assertThat(e.clientTimedOut()).isTrue();
    assertThat(e.upstreamTimedOut()).isFalse();
    assertThat(e.upgradedTimedOut()).isTrue();
    assertThat(e.connection()).isEqualTo(123L);
    assertThat(e.server()).isEqualTo("echo.example");
    assertThat(e.upstream()).isEqualTo("http://10.0.0.5:8080/ws");
  }

  @Test
  void aResetIsNotATimeout() {
    String line =
        upgradedConnection(
            "error",
            7,
            "recv() failed (104: Connection reset by peer)",
            ", referrer: \"http://echo.example/\"");
    ErrorLogEntry e = ErrorLogParser.parse(line, ZoneOffset.UTC).orElseThrow();

    assertThat(e.upgraded()).isTrue();
    assertThat(e.upgradedTimedOut()).isFalse();
    assertThat(e.host()).isEqualTo("echo.example");
  }

  @Test
  void aRequestLineWithQuotesAndCommasStaysWhole() {
    String line =
        "2026/12/02 05:00:00 [error] 31#31: *9 upstream timed out (110: Connection timed out)"
            + " while reading response header from upstream, client: 10.0.0.1, server: _,"
            + " request: \"GET /a\"b, c HTTP/1.1\", host: \"x\"";
    ErrorLogEntry e = ErrorLogParser.parse(line, ZoneOffset.UTC).orElseThrow();

    assertThat(e.request()).isEqualTo("GET /a\"b, c HTTP/1.1");
    assertThat(e.upstream()).isNull();
    assertThat(e.upgraded()).isFalse();
    assertThat(e.upgradedTimedOut()).isFalse();
  }

  @Test
  void linesWithoutConnectionOrContext() {
    ErrorLogEntry e =
        ErrorLogParser.parse(
                "2026/12/02 05:37:45 [notice] 10957#10957: start worker processes", ZoneOffset.UTC)
            .orElseThrow();

    assertThat(e.level()).isEqualTo("notice");
    assertThat(e.connection()).isNull();
    assertThat(e.message()).isEqualTo("start worker processes");
    assertThat(e.client()).isNull();
    assertThat(e.host()).isNull();
  }

  @Test
  void notAnErrorLogLine() {
    assertThat(
            ErrorLogParser.parse(
                "127.0.0.1 - - [02/Dec/2026:05:37:51 +0000] \"GET /\"", ZoneOffset.UTC))
        .isEmpty();
    assertThat(ErrorLogParser.parse("2026/13/02 05:37:45 [notice] 1#1: x", ZoneOffset.UTC))
        .isEmpty();
    assertThat(ErrorLogParser.parse("", ZoneOffset.UTC)).isEmpty();
    assertThat(ErrorLogParser.parse(null, ZoneOffset.UTC)).isEmpty();
  }

  /** nginx's line at 05:00 UTC about upgraded connection *{@code id} to echo.example's /ws. */
  private static String upgradedConnection(String level, int id, String error, String tail) {
    return "2026/12/02 05:00:00 ["
        + level
        + "] 31#31: *"
        + id
        + " "
        + error
        + " while proxying upgraded connection, client: 10.0.0.1, server: echo.example,"
        + " request: \"GET /ws HTTP/1.1\", upstream: \"http://10.0.0.5:8080/ws\", host:"
        + " \"echo.example\""
        + tail;
  }
}
