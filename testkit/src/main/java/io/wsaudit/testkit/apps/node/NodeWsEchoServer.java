package io.wsaudit.testkit.apps.node;

import io.wsaudit.testkit.apps.EchoProgram;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@code echo-server.js} (beside this class): a Node.js echo server on the {@code ws}
 * library from npm, the version and integrity hash pinned in the committed {@code
 * package-lock.json}. The first start installs it with {@code npm ci} into {@code target/node-ws/};
 * later starts reuse that install while the lock file is unchanged.
 */
public final class NodeWsEchoServer {

  private static final String INSTALL = "nodejs npm";
  private static final long NPM_CI_SECONDS = 180;

  private NodeWsEchoServer() {}

  public static EchoProgram start() throws IOException {
    String node = EchoProgram.executable(INSTALL, "node", "nodejs");
    Path dir = installed();
    return EchoProgram.start(
        "node-ws", List.of(node, "echo-server.js"), dir, "Node.js with ws installed in " + dir);
  }

  /** The directory holding the program and its {@code node_modules}, installed once. */
  static synchronized Path installed() throws IOException {
    Path dir = EchoProgram.buildDir("node-ws");
    boolean changed =
        EchoProgram.unpack(
            NodeWsEchoServer.class, dir, "package.json", "package-lock.json", "echo-server.js");
    if (changed || !Files.isRegularFile(dir.resolve("node_modules/ws/package.json"))) {
      npmCi(dir);
    }
    return dir;
  }

  private static void npmCi(Path dir) throws IOException {
    String npm = EchoProgram.executable(INSTALL, "npm");
    Process p =
        new ProcessBuilder(npm, "ci", "--no-audit", "--no-fund")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("npm-ci.log").toFile())
            .start();
    try {
      if (!p.waitFor(NPM_CI_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("npm ci did not finish in " + NPM_CI_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IllegalStateException("interrupted during npm ci", e);
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          "npm ci failed in " + dir + ":\n" + Files.readString(dir.resolve("npm-ci.log")));
    }
  }
}
