package io.wsaudit.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.testkit.apps.jetty.JettyEchoApp;
import io.wsaudit.testkit.otlp.OtlpCollector;
import io.wsaudit.testkit.ws.RawClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The same raw requests to Jetty with and without the agent get the same answers (Date aside). */
class JettyDifferentialIT {

  private static final Duration IO = Duration.ofSeconds(10);

  static final List<String> REQUESTS =
      Differential.spoiledUpgradesAnd(
          "/ws",
          RawClient.upgradeRequest("HTTP/1.0", "/ws", "Connection: keep-alive, Upgrade"),
          RawClient.upgradeRequest("HTTP/1.1", "/ws", "Connection: close, Upgrade"),
          Differential.post("/ws"),
          RawClient.upgradeRequest("HTTP/1.1", "/app/jsr"),
          RawClient.upgradeRequest("HTTP/1.0", "/app/jsr"),
          RawClient.upgradeRequest("HTTP/1.1", "/app/jsr", "Upgrade:"),
          "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
          "\u0016\u0003\u0001garbage\r\n\r\n");

  @Test
  void sameResponsesWithAndWithoutTheAgent() throws Exception {
    List<String> with;
    List<String> without;
    try (OtlpCollector collector = new OtlpCollector();
        ForkedServer server =
            ForkedServer.builder(JettyEchoApp.class).exportTo(collector).start()) {
      with = answers(server.port());
      assertThat(server.agentLines()).anyMatch(l -> l.contains("instrumented jetty"));
      assertThat(server.agentLines()).noneMatch(l -> l.contains("skipped"));
    }
    try (ForkedServer server = ForkedServer.builder(JettyEchoApp.class).withoutAgent().start()) {
      without = answers(server.port());
      assertThat(server.agentLines()).isEmpty();
    }
    assertThat(with).containsExactlyElementsOf(without);
  }

  private static List<String> answers(int port) throws IOException {
    List<String> answers = new ArrayList<>();
    for (String request : REQUESTS) {
      try (RawClient client = RawClient.send(port, request, IO)) {
        answers.add(request.lines().findFirst().orElse("") + " -> " + client.headWithoutDate());
      }
    }
    for (String path : new String[] {"/ws", "/app/jsr"}) {
      answers.add("close handshake " + path + " -> " + CloseHandshake.of(port, path));
    }
    return answers;
  }
}
