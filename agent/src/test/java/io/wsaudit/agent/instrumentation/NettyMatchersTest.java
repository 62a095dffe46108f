package io.wsaudit.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.agent.instrumentation.netty.v4_1.NettyModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the netty family's matchers, as {@code CheckedAdviceTransformer} does, on the websocketx
 * classes of several netty-codec-http versions (copied to {@code target/netty-codec-http-versions}
 * by the build): every advised method must be found, or the family would be skipped on that
 * version. The handshake matcher must find exactly the methods the hooks expect (the 4-argument
 * {@code handshake} always; {@code handshake0} from 4.1.137 / 4.2.17).
 */
class NettyMatchersTest {

  static Stream<Path> jars() throws IOException {
    Path dir = Path.of("target/netty-codec-http-versions");
    Assumptions.assumeTrue(Files.isDirectory(dir), "jars not copied");
    List<Path> jars;
    try (Stream<Path> files = Files.list(dir)) {
      jars = files.filter(p -> p.toString().endsWith(".jar")).sorted().collect(Collectors.toList());
    }
    assertThat(jars).hasSizeGreaterThanOrEqualTo(5);
    return jars.stream();
  }

  @ParameterizedTest
  @MethodSource("jars")
  void everyAdvisedMethodIsFound(Path jar) throws IOException {
    try (ClassFileLocator locator =
        new ClassFileLocator.Compound(
            ClassFileLocator.ForJarFile.of(jar.toFile()),
            ClassFileLocator.ForClassLoader.ofSystemLoader())) {
      TypePool pool = TypePool.Default.of(locator);
      for (TypeInstrumentation type : new NettyModule().typeInstrumentations()) {
        if (!type.typeName.startsWith("io.netty.handler.codec.http.")) {
          continue; // netty-transport / netty-handler / Reactor Netty types: stable, covered by the
          // ITs
        }
        TypeDescription description = pool.describe(type.typeName).resolve();
        for (MethodAdvice advice : type.advice) {
          List<MethodDescription.InDefinedShape> found =
              description.getDeclaredMethods().filter(advice.matcher);
          assertThat(found)
              .as(jar.getFileName() + ": " + type.typeName + "#" + advice.description)
              .isNotEmpty();
        }
      }
      TypeDescription handshaker =
          pool.describe("io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker")
              .resolve();
      boolean newShape =
          !handshaker.getDeclaredMethods().filter(ElementMatchers.named("handshake0")).isEmpty();
      String name = jar.getFileName().toString();
      boolean expectNew = !(name.contains("4.1.136") || name.contains("4.2.9."));
      assertThat(newShape).as(name + " has handshake0").isEqualTo(expectNew);
    }
  }
}
