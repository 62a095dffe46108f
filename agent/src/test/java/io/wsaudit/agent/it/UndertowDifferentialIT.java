package io.wsaudit.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.testkit.apps.undertow.UndertowEchoApp;
import io.wsaudit.testkit.otlp.OtlpCollector;
import io.wsaudit.testkit.ws.RawClient;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The agent must not change what Undertow answers: the same raw requests, with and without it. */
class UndertowDifferentialIT {

  static Map<String, String> requests() {
    Map<String, String> requests = new LinkedHashMap<>();
    requests.put("valid", RawClient.upgradeRequest("HTTP/1.1", "/ws"));
    requests.put("http/1.0", RawClient.upgradeRequest("HTTP/1.0", "/ws"));
    requests.put(
        "http/1.0 keep-alive",
        RawClient.upgradeRequest("HTTP/1.0", "/ws", "Connection: keep-alive, Upgrade"));
    requests.put("no upgrade", RawClient.upgradeRequest("HTTP/1.1", "/ws", "Upgrade:"));
    requests.put("no connection", RawClient.upgradeRequest("HTTP/1.1", "/ws", "Connection:"));
    requests.put(
        "bad version", RawClient.upgradeRequest("HTTP/1.1", "/ws", "Sec-WebSocket-Version: 99"));
    requests.put("no key", RawClient.upgradeRequest("HTTP/1.1", "/ws", "Sec-WebSocket-Key:"));
    requests.put("post", RawClient.upgradeRequest("HTTP/1.1", "/ws").replaceFirst("GET", "POST"));
    requests.put("jsr http/1.0", RawClient.upgradeRequest("HTTP/1.0", "/app/jsr"));
    requests.put("plain", "GET /ws HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    requests.put("garbage", "\u0016\u0003\u0001 not http at all\r\n\r\n");
    return requests;
  }

  @Test
  void responsesAreIdenticalWithAndWithoutTheAgent() throws Exception {
    Map<String, String> without;
    Map<String, String> with;
    try (ForkedServer plain = ForkedServer.builder(UndertowEchoApp.class).withoutAgent().start()) {
      without = answers(plain.port());
    }
    try (OtlpCollector collector = new OtlpCollector();
        ForkedServer agent =
            ForkedServer.builder(UndertowEchoApp.class).exportTo(collector).start()) {
      with = answers(agent.port());
      assertThat(agent.agentLines())
          .anyMatch(l -> l.contains("instrumented undertow"))
          .noneMatch(l -> l.contains("skipped"));
    }
    assertThat(with).containsExactlyEntriesOf(without);
  }

  private static Map<String, String> answers(int port) throws IOException {
    Map<String, String> answers = new LinkedHashMap<>();
    for (Map.Entry<String, String> request : requests().entrySet()) {
      try (RawClient c = RawClient.send(port, request.getValue(), Duration.ofSeconds(5))) {
        answers.put(
            request.getKey(),
            c.headWithoutDate() + "closed=" + c.serverClosesWithin(Duration.ofMillis(300)));
      }
    }
    // The close handshake too: the agent reads the peer's close frame before Undertow's listener
    // does.
    for (String path : new String[] {"/ws", "/app/jsr"}) {
      answers.put("close handshake " + path, CloseHandshake.of(port, path));
    }
    return answers;
  }
}
