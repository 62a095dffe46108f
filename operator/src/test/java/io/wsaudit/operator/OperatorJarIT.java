package io.wsaudit.operator;

import io.wsaudit.testkit.process.ForkedJvm;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The same checks as {@link OperatorProcessTest}, run by failsafe after packaging against the
 * shaded jar itself: {@code java -jar operator/target/wsaudit-operator.jar} must start with nothing
 * else on the class path.
 */
class OperatorJarIT extends OperatorProcessTest {

  @Override
  protected ForkedJvm.Builder operator() {
    Path jar = Path.of(System.getProperty("wsaudit.operator.jar", "target/wsaudit-operator.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("no " + jar.toAbsolutePath() + ": run through 'mvn verify'");
    }
    return ForkedJvm.jar("operator", jar);
  }
}
