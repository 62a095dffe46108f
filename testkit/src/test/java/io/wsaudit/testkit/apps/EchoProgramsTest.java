package io.wsaudit.testkit.apps;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.testkit.apps.node.NodeWsEchoServer;
import io.wsaudit.testkit.apps.php.PhpEchoServer;
import io.wsaudit.testkit.apps.python.PythonWebsocketsEchoServer;
import io.wsaudit.testkit.ws.RawClient;
import io.wsaudit.testkit.ws.RawClient.Frame;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each non-Java echo server, direct: it announces its port, echoes, pongs, closes, stops. */
class EchoProgramsTest {

  private static final Duration IO = Duration.ofSeconds(10);

  static Stream<Arguments> servers() {
    return Stream.of(
        Arguments.of("node", (Callable<EchoProgram>) NodeWsEchoServer::start),
        Arguments.of("python", (Callable<EchoProgram>) PythonWebsocketsEchoServer::start),
        Arguments.of("php", (Callable<EchoProgram>) PhpEchoServer::start));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void echoesAnswersPingsAndClosesCleanly(String name, Callable<EchoProgram> launcher)
      throws Exception {
    EchoProgram server = launcher.call();
    try (server) {
      assertThat(server.port()).isPositive();
      try (RawClient c =
          RawClient.send(server.port(), RawClient.upgradeRequest("HTTP/1.1", "/ws"), IO)) {
        assertThat(c.status()).isEqualTo(101);
        assertThat(c.header("Sec-WebSocket-Accept"))
            .containsExactly("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        c.sendText("hello");
        assertThat(c.readFrame().text()).isEqualTo("hello");
        c.sendText("x".repeat(300));
        assertThat(c.readFrame().text()).hasSize(300);
        c.sendPing("are-you-there");
        Frame pong = c.readFrame();
        assertThat(pong.opcode).isEqualTo(0xA);
        assertThat(pong.text()).isEqualTo("are-you-there");
        c.sendClose(1000, "bye");
        Frame close = c.readFrame();
        assertThat(close.opcode).isEqualTo(0x8);
        assertThat(close.closeCode()).isEqualTo(1000);
        assertThat(c.serverClosesWithin(IO)).isTrue();
      }
      // Only the ready line: nothing per frame.
      assertThat(server.output()).containsExactly("READY port=" + server.port());
    }
    assertThat(server.isAlive()).isFalse();
  }
}
