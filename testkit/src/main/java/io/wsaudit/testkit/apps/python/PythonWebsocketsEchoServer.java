package io.wsaudit.testkit.apps.python;

import io.wsaudit.testkit.apps.EchoProgram;
import java.io.IOException;
import java.util.List;

/**
 * Starts {@code echo_server.py} (beside this class): an asyncio echo server on Debian's {@code
 * python3-websockets}. It runs on {@code /usr/bin/python3} explicitly: a {@code python3} earlier on
 * PATH (a pyenv shim, a virtualenv) does not see Debian's packages.
 */
public final class PythonWebsocketsEchoServer {

  private PythonWebsocketsEchoServer() {}

  public static EchoProgram start() throws IOException {
    String python = EchoProgram.executable("python3 python3-websockets", "/usr/bin/python3");
    // -u: the ready line is not held in a buffer.
    return EchoProgram.script(
        PythonWebsocketsEchoServer.class,
        "python-websockets",
        "echo_server.py",
        "Debian: sudo apt-get install -y python3-websockets",
        List.of(python, "-u"));
  }
}
