package io.wsaudit.operator.proxy.nginx.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wsaudit.operator.proxy.ingressnginx.LogFormats;
import io.wsaudit.operator.proxy.nginx.log.AccessLogFormat.Escape;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AccessLogFormatTest {

  private static final AccessLogFormat DEFAULT =
      AccessLogFormat.compile(LogFormats.DEFAULT_UPSTREAM, Escape.DEFAULT);

  /** ingress-nginx's default format, as nginx 1.22.1 wrote it for a WebSocket cut after 1 s. */
  private static final String REAL =
      "127.0.0.1 - - [02/Dec/2026:05:37:51 +0000] \"GET /ws?x=1 HTTP/1.1\" 101 0 \"-\""
          + " \"a \\x22quoted\\x22 \\x5C ua\" 189 1.003 [default-echo-8080] [] 127.0.0.1:18601"
          + " 0 1.002 101 80fef169b4340114f77c6378b9ae9c62";

  /** A custom format with the upgrade headers, key=value style. */
  private static final AccessLogFormat CUSTOM =
      AccessLogFormat.compile(
          "$remote_addr [$time_iso8601] \"$request\" $status rt=$request_time"
              + " uh=\"$http_upgrade\" uc=\"$http_connection\" host=$http_host"
              + " ua=\"$upstream_addr\" us=\"$upstream_status\" ut=\"$upstream_response_time\""
              + " rid=${request_id}",
          Escape.DEFAULT);

  /** A JSON format, as ingress-nginx users write it with log-format-escape-json: "true". */
  private static final AccessLogFormat JSON =
      AccessLogFormat.compile(
          "{\"time\": \"$time_iso8601\", \"remote\": \"$remote_addr\", \"host\": \"$host\","
              + " \"method\": \"$request_method\", \"uri\": \"$request_uri\","
              + " \"status\": $status, \"duration\": $request_time,"
              + " \"upstream\": \"$proxy_upstream_name\", \"addr\": \"$upstream_addr\","
              + " \"ustatus\": \"$upstream_status\", \"agent\": \"$http_user_agent\","
              + " \"upgrade\": \"$http_upgrade\", \"id\": \"$req_id\"}",
          Escape.JSON);

  @Test
  void defaultFormatReadsARealUpgradeLine() {
    AccessLogEntry e = parsed(DEFAULT, REAL);

    assertThat(e.time()).isEqualTo(Instant.parse("2026-12-02T05:37:51Z"));
    assertThat(e.remoteAddr()).isEqualTo("127.0.0.1");
    assertThat(e.method()).isEqualTo("GET");
    assertThat(e.path()).isEqualTo("/ws");
    assertThat(e.clientProtocol()).isEqualTo("HTTP/1.1");
    assertThat(e.status()).isEqualTo(101);
    assertThat(e.upgraded()).isTrue();
    assertThat(e.requestTimeMs()).isEqualTo(1003);
    assertThat(e.upstreamName()).isEqualTo("default-echo-8080");
    assertThat(e.upstreamAddrs()).containsExactly("127.0.0.1:18601");
    assertThat(e.upstreamStatus()).isEqualTo(101);
    assertThat(e.upstreamResponseTimeMs()).isEqualTo(1002);
    assertThat(e.requestId()).isEqualTo("80fef169b4340114f77c6378b9ae9c62");
    assertThat(e.host()).isNull();
    assertThat(e.upgrade()).isNull();
    assertThat(e.upgradeRequested()).isNull();
  }

  @Test
  void defaultFormatMissesHostAndUpgrade() {
    assertThat(DEFAULT.missing()).containsExactlyInAnyOrder(LogSignal.HOST, LogSignal.UPGRADE);
    assertThat(CUSTOM.missing()).containsExactly(LogSignal.UPSTREAM_NAME);
    assertThat(JSON.missing()).isEmpty();
  }

  @Test
  void aFormatWithoutUpgradeOrRequestIdSaysSo() {
    AccessLogFormat f =
        AccessLogFormat.compile("$remote_addr [$time_local] \"$request\" $status", null);
    assertThat(f.missing())
        .contains(LogSignal.UPGRADE, LogSignal.REQUEST_ID, LogSignal.DURATION)
        .doesNotContain(LogSignal.TIME, LogSignal.REQUEST, LogSignal.STATUS);
    assertThat(f.escape()).isEqualTo(Escape.DEFAULT);
  }

  @Test
  void upstreamListsWithRetriesAndRedirectsTakeTheLast() {
    String line =
        "10.0.0.1 - - [02/Dec/2026:05:00:00 +0000] \"GET /ws HTTP/1.1\" 101 0 \"-\" \"ua\" 300"
            + " 24388.250 [shop-echo-8080] [] 10.0.0.5:8080, 10.0.0.6:8080 : 10.0.0.7:8080"
            + " 0, 0 : 12 0.001, 0.002 : 24388.248 502, 502 : 101 abc";
    AccessLogEntry e = parsed(DEFAULT, line);

    assertThat(e.upstreamAddrs())
        .containsExactly("10.0.0.5:8080", "10.0.0.6:8080", "10.0.0.7:8080");
    assertThat(e.lastUpstream()).isEqualTo("10.0.0.7:8080");
    assertThat(e.upstreamStatus()).isEqualTo(101);
    assertThat(e.upstreamResponseTimeMs()).isEqualTo(24388248);
    assertThat(e.requestTimeMs()).isEqualTo(24388250);
    assertThat(e.requestId()).isEqualTo("abc");
  }

  @Test
  void dashesAreAbsent() {
    String line =
        "10.0.0.1 - - [02/Dec/2026:05:00:00 +0000] \"GET /x HTTP/1.1\" 404 0 \"-\" \"-\" 80"
            + " 0.000 [-] [] - - - - -";
    AccessLogEntry e = parsed(DEFAULT, line);

    assertThat(e.upstreamName()).isNull();
    assertThat(e.upstreamAddrs()).isEmpty();
    assertThat(e.lastUpstream()).isNull();
    assertThat(e.upstreamStatus()).isNull();
    assertThat(e.upstreamResponseTimeMs()).isNull();
    assertThat(e.requestId()).isNull();
    assertThat(e.requestTimeMs()).isZero();
  }

  @Test
  void customFormatWithUpgradeHeaders() {
    String line =
        "10.0.0.1 [2026-12-02T06:00:00+01:00] \"GET /chat?room=1 HTTP/1.1\" 101 rt=24388.248"
            + " uh=\"websocket\" uc=\"Upgrade\" host=Echo.Example:8443 ua=\"10.0.0.5:8080\""
            + " us=\"101\" ut=\"24388.248\" rid=f00";
    AccessLogEntry e = parsed(CUSTOM, line);

    assertThat(e.time()).isEqualTo(Instant.parse("2026-12-02T05:00:00Z"));
    assertThat(e.path()).isEqualTo("/chat");
    assertThat(e.requestTimeMs()).isEqualTo(24388248);
    assertThat(e.upgrade()).isEqualTo("websocket");
    assertThat(e.upgradeRequested()).isTrue();
    assertThat(e.connection()).isEqualTo("Upgrade");
    assertThat(e.host()).isEqualTo("echo.example");
    assertThat(e.upstreamAddrs()).containsExactly("10.0.0.5:8080");
    assertThat(e.requestId()).isEqualTo("f00");
  }

  @Test
  void aLoggedButAbsentUpgradeHeaderIsEmpty() {
    String line =
        "10.0.0.1 [2026-12-02T05:00:00+00:00] \"GET /chat HTTP/1.1\" 200 rt=0.004 uh=\"-\""
            + " uc=\"keep-alive\" host=[::1]:80 ua=\"-\" us=\"-\" ut=\"-\" rid=-";
    AccessLogEntry e = parsed(CUSTOM, line);

    assertThat(e.upgrade()).isEmpty();
    assertThat(e.upgradeRequested()).isFalse();
    assertThat(e.host()).isEqualTo("[::1]");
    assertThat(e.upgraded()).isFalse();
  }

  @Test
  void jsonEscapesAreUndone() {
    String line =
        "{\"time\": \"2026-12-02T05:00:00+00:00\", \"remote\": \"10.0.0.1\", \"host\":"
            + " \"echo.example\", \"method\": \"GET\", \"uri\": \"/ws/caf\u00e9?a=\\\"b\\\"\","
            + " \"status\": 101, \"duration\": 5.000, \"upstream\": \"shop-echo-8080\","
            + " \"addr\": \"10.0.0.5:8080, 10.0.0.6:8080\", \"ustatus\": \"502, 101\","
            + " \"agent\": \"say \\\"hi\\\", \\\\ \\u0001\\ttab\", \"upgrade\": \"websocket\","
            + " \"id\": \"\"}";
    AccessLogEntry e = parsed(JSON, line);

    assertThat(e.path()).isEqualTo("/ws/caf\u00e9");
    assertThat(e.method()).isEqualTo("GET");
    assertThat(e.status()).isEqualTo(101);
    assertThat(e.requestTimeMs()).isEqualTo(5000);
    assertThat(e.upstreamAddrs()).containsExactly("10.0.0.5:8080", "10.0.0.6:8080");
    assertThat(e.upstreamStatus()).isEqualTo(101);
    assertThat(e.upgradeRequested()).isTrue();
    assertThat(e.requestId()).as("escape=json writes nothing for a missing value").isNull();
  }

  @Test
  void aJsonEscapedQuoteDoesNotEndAValue() {
    // a User-Agent that tries to write the next fields: x" 200 "websocket
    AccessLogEntry e =
        parsed(
            "\"$http_user_agent\" $status \"$http_upgrade\"",
            Escape.JSON,
            "\"x\\\" 200 \\\"websocket\" 404 \"\"");

    assertThat(e.status()).isEqualTo(404);
    assertThat(e.upgrade()).isEmpty();
  }

  @Test
  void defaultEscapesAreUndoneIntoUtf8() {
    AccessLogEntry e =
        parsed(
            "\"$request\" \"$http_upgrade\"",
            Escape.DEFAULT,
            "\"GET /caf\\xC3\\xA9\\x22 HTTP/1.1\" \"web\\x5Csocket\"");

    assertThat(e.path()).isEqualTo("/caf\u00e9\"");
    assertThat(e.upgrade()).isEqualTo("web\\socket");
  }

  @Test
  void escapeNoneTakesValuesRaw() {
    AccessLogEntry e =
        parsed(
            "$status|$http_upgrade|$request", Escape.NONE, "101|web\\x22socket|GET /a\"b HTTP/1.1");

    assertThat(e.upgrade()).isEqualTo("web\\x22socket");
    assertThat(e.path()).isEqualTo("/a\"b");
  }

  @Test
  void msecAndUnbracketedTimes() {
    AccessLogEntry e =
        parsed(
            "$time_local $msec $status",
            Escape.DEFAULT,
            "02/Dec/2026:05:00:00 +0000 1764651600.123 200");

    assertThat(e.time()).isEqualTo(Instant.ofEpochMilli(1_764_651_600_123L));
  }

  @Test
  void trailingNewlineIsNotPartOfTheLastValue() {
    AccessLogEntry e = parsed(DEFAULT, REAL + "\n");
    assertThat(e.requestId()).isEqualTo("80fef169b4340114f77c6378b9ae9c62");
  }

  static Stream<Arguments> badLines() {
    return Stream.of(
        Arguments.of("not an access line at all", LogParse.FORMAT_MISMATCH),
        Arguments.of(REAL.substring(0, 60), LogParse.FORMAT_MISMATCH),
        Arguments.of(REAL.replace("02/Dec/2026", "32/Dec/2026"), LogParse.BAD_TIME),
        Arguments.of(REAL.replace("02/Dec/2026", "02/Foo/2026"), LogParse.BAD_TIME),
        Arguments.of(REAL.replace(" 101 0 ", " 1x1 0 "), LogParse.BAD_NUMBER),
        Arguments.of(REAL.replace(" 1.003 ", " 1.0.3 "), LogParse.BAD_NUMBER),
        Arguments.of(REAL.replace(" 1.002 101 ", " 1.002 abc "), LogParse.BAD_NUMBER),
        Arguments.of("x".repeat(AccessLogFormat.MAX_LINE + 1), LogParse.TOO_LONG),
        Arguments.of("", LogParse.EMPTY),
        Arguments.of("   \n", LogParse.EMPTY));
  }

  @ParameterizedTest
  @MethodSource("badLines")
  void badLinesGiveTheirReason(String line, String reason) {
    assertThat(DEFAULT.parse(line)).isEqualTo(new LogParse.Unparsed(reason));
  }

  static Stream<Arguments> uncompilable() {
    return Stream.of(
        Arguments.of("$remote_addr$status", "$remote_addr and $status follow each other"),
        Arguments.of("${remote_addr", "the closing '}' of \"${remote_addr\""),
        Arguments.of("$remote_addr $ x", "the '$' at 13"),
        Arguments.of("  ", "the format is empty"));
  }

  @ParameterizedTest
  @MethodSource("uncompilable")
  void formatsThatCannotBeReadAreRejected(String format, String message) {
    assertThatThrownBy(() -> AccessLogFormat.compile(format, Escape.DEFAULT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void bracketedVariablesMayTouchText() {
    AccessLogFormat f = AccessLogFormat.compile("${status}ms=${request_time}", Escape.DEFAULT);
    AccessLogEntry e = parsed(f, "101ms=0.250");
    assertThat(e.status()).isEqualTo(101);
    assertThat(e.requestTimeMs()).isEqualTo(250);
    assertThat(f.format()).isEqualTo("${status}ms=${request_time}");
  }

  /** {@code line} read with {@code format} compiled under {@code escape}. */
  private static AccessLogEntry parsed(String format, Escape escape, String line) {
    return parsed(AccessLogFormat.compile(format, escape), line);
  }

  private static AccessLogEntry parsed(AccessLogFormat format, String line) {
    LogParse p = format.parse(line);
    assertThat(p).as(line).isInstanceOf(LogParse.Parsed.class);
    return ((LogParse.Parsed) p).entry();
  }
}
