package io.wsaudit.agent.it;

import static io.wsaudit.agent.it.SpanAsserts.assertRejected;
import static io.wsaudit.agent.it.SpanAsserts.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.trace.v1.Status.StatusCode;
import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.contract.WsAuditSpans.Outcome;
import io.wsaudit.testkit.otlp.ReceivedSpan;
import io.wsaudit.testkit.ws.RawClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.assertj.core.api.MapAssert;

/**
 * One handshake a server refuses, a row of {@link AbstractServerAgentIT}'s table: the upgrade
 * request with a header changed (or another method, another HTTP version), what the server answers
 * and what the handshake span says. A family lists its rows with the answers its server gives.
 */
final class Refusal {

  /**
   * The request headers the agent captures by default: a row's own values must show in the span.
   */
  private static final List<String> CAPTURED =
      List.of("connection", "upgrade", "sec-websocket-version");

  private final String name;
  private final List<String> headers;
  private String version = "HTTP/1.1";
  private String path = "/ws";
  private String method = "GET";
  private int status;
  private String rejection;
  private String statusLine;
  private Boolean keepAlive;
  private Boolean serverCloses;
  private String responseHeader;
  private String responseHeaderValue;
  private boolean agentSeesTheAnswer = true;

  private Refusal(String name, String... headers) {
    this.name = name;
    this.headers = List.of(headers);
  }

  /**
   * An HTTP/1.1 upgrade of {@code /ws} with these header lines changed ({@code "Upgrade:"} drops
   * one).
   */
  static Refusal of(String name, String... headers) {
    return new Refusal(name, headers);
  }

  Refusal version(String httpVersion) {
    this.version = httpVersion;
    return this;
  }

  Refusal path(String pathAndQuery) {
    this.path = pathAndQuery;
    return this;
  }

  Refusal method(String httpMethod) {
    this.method = httpMethod;
    return this;
  }

  /** The server's status and the agent's classification of the refusal. */
  Refusal answers(int httpStatus, String rejectionValue) {
    this.status = httpStatus;
    this.rejection = rejectionValue;
    return this;
  }

  /** The whole status line, where the server's own words matter. */
  Refusal statusLine(String line) {
    this.statusLine = line;
    return this;
  }

  /** What the span's keep_alive says (unset: not checked). */
  Refusal keepAlive(boolean kept) {
    this.keepAlive = kept;
    return this;
  }

  /** Whether the server ends TCP after its answer (at once, or not within 300 ms). */
  Refusal serverCloses(boolean closes) {
    this.serverCloses = closes;
    return this;
  }

  Refusal responseHeader(String headerName, String value) {
    this.responseHeader = headerName;
    this.responseHeaderValue = value;
    return this;
  }

  /**
   * The application answers after the server's handshaker threw: the span knows neither status nor
   * keep-alive.
   */
  Refusal answerUnknownToTheAgent() {
    this.agentSeesTheAnswer = false;
    return this;
  }

  String request(String requestId) {
    List<String> lines = new ArrayList<>(headers);
    lines.add("X-Request-ID: " + requestId);
    if (!method.equals("GET")) {
      lines.add("Content-Length: 0");
    }
    String get = RawClient.upgradeRequest(version, path, lines.toArray(String[]::new));
    return method + get.substring("GET".length());
  }

  void assertAnswer(RawClient answer, Duration timeout) throws IOException {
    assertThat(answer.status()).as(name).isEqualTo(status);
    if (statusLine != null) {
      assertThat(answer.statusLine).isEqualTo(statusLine);
    }
    if (responseHeader != null) {
      assertThat(answer.header(responseHeader)).as(name).containsExactly(responseHeaderValue);
    }
    if (serverCloses != null) {
      Duration wait = serverCloses ? timeout : Duration.ofMillis(300);
      assertThat(answer.serverClosesWithin(wait)).as(name).isEqualTo(serverCloses);
    }
  }

  void assertSpan(ReceivedSpan hs, String server) {
    MapAssert<String, Object> attributes;
    if (agentSeesTheAnswer) {
      attributes = assertRejected(hs, status, rejection);
    } else {
      assertThat(hs.span.getStatus().getCode()).isEqualTo(StatusCode.STATUS_CODE_ERROR);
      attributes =
          assertThat(hs.attributes)
              .containsEntry(WsAuditSpans.HANDSHAKE_OUTCOME, Outcome.REJECTED)
              .containsEntry(WsAuditSpans.HANDSHAKE_REJECTION, rejection)
              .doesNotContainKeys(WsAuditSpans.HTTP_RESPONSE_STATUS_CODE, WsAuditSpans.KEEP_ALIVE);
    }
    attributes
        .as(name)
        .containsEntry(WsAuditSpans.HTTP_REQUEST_METHOD, method)
        .containsEntry(WsAuditSpans.URL_PATH, path.replaceFirst("\\?.*", ""))
        .containsEntry(WsAuditSpans.NETWORK_PROTOCOL_VERSION, version.substring("HTTP/".length()))
        .containsEntry(WsAuditSpans.NETWORK_PEER_ADDRESS, "127.0.0.1")
        .containsEntry(WsAuditSpans.SERVER, server);
    if (keepAlive != null) {
      attributes.containsEntry(WsAuditSpans.KEEP_ALIVE, keepAlive);
    }
    for (String line : headers) {
      String headerName = line.substring(0, line.indexOf(':')).toLowerCase(Locale.ROOT);
      String value = line.substring(line.indexOf(':') + 1).trim();
      if (!CAPTURED.contains(headerName)) {
        continue;
      }
      if (value.isEmpty()) {
        attributes.doesNotContainKey(header(headerName));
      } else {
        attributes.containsEntry(header(headerName), List.of(value));
      }
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
