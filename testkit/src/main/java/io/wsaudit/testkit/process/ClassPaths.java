package io.wsaudit.testkit.process;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Class paths and jars for forked JVMs, taken from this JVM's (or Surefire's) class path. */
public final class ClassPaths {

  private ClassPaths() {}

  /** The test run's class path: Surefire's when forked by it, else this JVM's. */
  public static String current() {
    return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
  }

  /** Where a class was loaded from (a jar or a classes folder). */
  public static String locationOf(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@code own}'s location plus the entries of the current class path that {@code keep} accepts
   * (tested with forward slashes), so that a child sees only its server's jars.
   */
  public static String only(Class<?> own, Predicate<String> keep) {
    String ownLocation = locationOf(own);
    List<String> kept = new ArrayList<>();
    kept.add(ownLocation);
    for (String entry : current().split(File.pathSeparator)) {
      if (keep.test(entry.replace('\\', '/')) && !entry.equals(ownLocation)) {
        kept.add(entry);
      }
    }
    return String.join(File.pathSeparator, kept);
  }

  /**
   * The agent jar: {@code -Dwsaudit.agent.jar}, else {@code agent/target/wsaudit-agent.jar} from
   * here or above.
   */
  public static Path agentJar() {
    String configured = System.getProperty("wsaudit.agent.jar");
    List<Path> candidates = new ArrayList<>();
    if (configured != null) {
      candidates.add(Path.of(configured));
    }
    candidates.add(Path.of("agent/target/wsaudit-agent.jar"));
    candidates.add(Path.of("../agent/target/wsaudit-agent.jar"));
    for (Path p : candidates) {
      if (Files.isRegularFile(p)) {
        return p.toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException(
        "agent jar not built: "
            + candidates
            + " (run ./mvnw -B -pl agent -am package -DskipTests)");
  }
}
