package io.wsaudit.testkit.apps;

import io.wsaudit.testkit.process.ForkedProcess;
import io.wsaudit.testkit.process.ServingProcess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A non-Java echo server in a process of its own (Node.js, Python, PHP): its program unpacked from
 * the test kit's resources into a build directory, started, and ready once it prints {@code READY
 * port=N} as the Java apps do. What the launchers of each language share.
 */
public final class EchoProgram extends ServingProcess {

  /** Bounds the start of an interpreter on a loaded 2-core machine. */
  private static final Duration READY_WITHIN = Duration.ofSeconds(30);

  /** None of these servers has state to save: a short grace. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);

  private EchoProgram(ForkedProcess process, String hint) {
    super(process, READY_WITHIN, STOP_GRACE, hint);
  }

  /**
   * Forks {@code command} in {@code dir} and waits for its ready line; {@code hint} says what to
   * install when it does not come.
   */
  public static EchoProgram start(String name, List<String> command, Path dir, String hint)
      throws IOException {
    return new EchoProgram(ForkedProcess.start(name, command, dir, Map.of()), hint);
  }

  /**
   * Unpacks {@code script} (a resource beside {@code owner}) into {@code target/<name>/} and runs
   * it there with {@code interpreter} (the executable and its options).
   */
  public static EchoProgram script(
      Class<?> owner, String name, String script, String hint, List<String> interpreter)
      throws IOException {
    Path dir = buildDir(name);
    unpack(owner, dir, script);
    List<String> command = new ArrayList<>(interpreter);
    command.add(script);
    return start(name, command, dir, hint);
  }

  /**
   * The directory programs are unpacked into: {@code -Dwsaudit.build.dir}, else {@code target/} of
   * the module the tests run in.
   */
  public static Path buildDir(String child) throws IOException {
    Path dir = Path.of(System.getProperty("wsaudit.build.dir", "target")).resolve(child);
    Files.createDirectories(dir);
    return dir.toAbsolutePath();
  }

  /**
   * Copies resources that sit beside {@code owner} into {@code dir}, rewriting only those whose
   * content changed (so an unchanged lock file keeps its installed modules); true if any changed.
   */
  public static boolean unpack(Class<?> owner, Path dir, String... names) throws IOException {
    boolean changed = false;
    for (String name : names) {
      byte[] content;
      try (InputStream in = owner.getResourceAsStream(name)) {
        if (in == null) {
          throw new IllegalStateException("missing resource " + name + " beside " + owner);
        }
        content = in.readAllBytes();
      }
      Path target = dir.resolve(name);
      if (!Files.isRegularFile(target) || !Arrays.equals(Files.readAllBytes(target), content)) {
        Files.write(target, content);
        changed = true;
      }
    }
    return changed;
  }

  /** The first of these executables that exists, else an error saying what to install. */
  public static String executable(String install, String... candidates) {
    for (String candidate : candidates) {
      if (candidate.contains("/")) {
        if (Files.isExecutable(Path.of(candidate))) {
          return candidate;
        }
        continue;
      }
      for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
        if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, candidate))) {
          return Path.of(dir, candidate).toString();
        }
      }
    }
    throw new IllegalStateException(
        String.join(" or ", candidates)
            + " not found (Debian: sudo apt-get install -y "
            + install
            + ")");
  }
}
