package io.wsaudit.testkit.apps.php;

import io.wsaudit.testkit.apps.EchoProgram;
import java.io.IOException;
import java.util.List;

/**
 * Starts {@code echo-server.php} (beside this class) on the PHP CLI: a small RFC 6455 server of our
 * own on {@code stream_socket_server}, since no PHP WebSocket library is installable here. Its
 * handshake refuses what Ratchet's refuses; its header says what Swoole would do differently.
 */
public final class PhpEchoServer {

  private PhpEchoServer() {}

  public static EchoProgram start() throws IOException {
    String php = EchoProgram.executable("php-cli", "php");
    return EchoProgram.script(
        PhpEchoServer.class,
        "php-ws",
        "echo-server.php",
        "Debian: sudo apt-get install -y php-cli",
        List.of(php));
  }
}
