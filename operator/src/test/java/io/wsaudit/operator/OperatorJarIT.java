package io.wsaudit.operator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The same checks as {@link OperatorProcessTest}, run by failsafe after packaging against the
 * shaded jar itself: {@code java -jar operator/target/wsaudit-operator.jar} must start with nothing
 * else on the class path.
 */
class OperatorJarIT extends OperatorProcessTest {

  @Override
  protected List<String> command() {
    Path jar = Path.of(System.getProperty("wsaudit.operator.jar", "target/wsaudit-operator.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("no " + jar.toAbsolutePath() + ": run through 'mvn verify'");
    }
    return List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString());
  }
}
