package io.wsaudit.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.agent.bootstrap.ClassPack;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

/**
 * What the built agent jar holds: the application can see only the premain class and the bootstrap
 * bridge.
 */
class AgentJarIT {

  @Test
  void onlyTheEntryPointAndTheBridgeAreLoadableByTheApplication() throws IOException {
    try (JarFile jar = new JarFile(ForkedServer.agentJar().toFile())) {
      List<String> topLevelClasses = new ArrayList<>();
      List<String> misplaced = new ArrayList<>();
      for (JarEntry e : Collections.list(jar.entries())) {
        String name = e.getName();
        if (name.endsWith(".class")) {
          topLevelClasses.add(name);
        } else if (name.endsWith(".classdata")) {
          misplaced.add(name + " (classes belong in the pack)");
        } else if (!name.startsWith("inst/") && !name.startsWith("META-INF/")) {
          misplaced.add(name);
        }
      }
      assertThat(topLevelClasses)
          .isNotEmpty()
          .allSatisfy(
              name ->
                  assertThat(name)
                      .matches(
                          "io/wsaudit/agent/(WsAuditAgent|bootstrap/[A-Za-z]+|extension/[A-Za-z]+)\\.class"));
      ClassPack pack = ClassPack.open(jar);
      pack.names().stream()
          .filter(n -> !n.startsWith("io/wsaudit/"))
          .forEach(n -> misplaced.add(n + " (in the pack)"));
      assertThat(misplaced).as("entries outside inst/, classes not relocated").isEmpty();
      // Libraries are relocated, their service files too.
      assertThat(pack.contains("io/wsaudit/agent/shaded/net/bytebuddy/agent/builder/AgentBuilder"))
          .isTrue();
      assertThat(
              jar.getEntry(
                  "inst/META-INF/services/"
                      + "io.wsaudit.agent.shaded.io.opentelemetry.sdk.common.export.HttpSenderProvider"))
          .isNotNull();
      assertThat(
              jar.getEntry(
                  "inst/META-INF/services/io.opentelemetry.sdk.common.export.HttpSenderProvider"))
          .isNull();
      // One OTLP/HTTP sender: with two, the SDK warns and picks one by a system property.
      String senders =
          new String(
                  jar.getInputStream(
                          jar.getEntry(
                              "inst/META-INF/services/"
                                  + "io.wsaudit.agent.shaded.io.opentelemetry.sdk.common.export.HttpSenderProvider"))
                      .readAllBytes(),
                  java.nio.charset.StandardCharsets.UTF_8)
              .lines()
              .map(String::trim)
              .filter(l -> !l.isEmpty() && !l.startsWith("#"))
              .collect(java.util.stream.Collectors.joining(","));
      assertThat(senders)
          .isEqualTo(
              "io.wsaudit.agent.shaded.io.opentelemetry.exporter.sender.okhttp.internal.OkHttpHttpSenderProvider");
    }
  }

  @Test
  void manifestDeclaresTheAgent() throws IOException {
    try (JarFile jar = new JarFile(ForkedServer.agentJar().toFile())) {
      Attributes main = jar.getManifest().getMainAttributes();
      assertThat(main.getValue("Premain-Class")).isEqualTo("io.wsaudit.agent.WsAuditAgent");
      assertThat(main.getValue("Agent-Class")).isEqualTo("io.wsaudit.agent.WsAuditAgent");
      assertThat(main.getValue("Can-Retransform-Classes")).isEqualTo("true");
    }
  }

  @Test
  void everyClassRunsOnJava11() throws IOException {
    try (JarFile jar = new JarFile(ForkedServer.agentJar().toFile())) {
      List<String> tooNew = new ArrayList<>();
      Map<String, byte[]> classes = packedClasses(jar);
      for (JarEntry e : Collections.list(jar.entries())) {
        if (e.getName().endsWith(".class")) {
          try (InputStream in = jar.getInputStream(e)) {
            classes.put(e.getName(), in.readAllBytes());
          }
        }
      }
      classes.forEach(
          (name, bytes) -> {
            try {
              DataInputStream data = new DataInputStream(new ByteArrayInputStream(bytes));
              assertThat(data.readInt()).isEqualTo(0xCAFEBABE);
              data.readUnsignedShort();
              int major = data.readUnsignedShort();
              if (major > 55) {
                tooNew.add(name + " (class file " + major + ")");
              }
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
      assertThat(classes).hasSizeGreaterThan(1000);
      assertThat(tooNew).isEmpty();
    }
  }

  /**
   * The shaded libraries' logging calls all exist on the stand-in logger, or they would fail at run
   * time.
   */
  @Test
  void everyRelocatedLoggingCallExistsOnPatchLogger() throws IOException {
    String owner = "io/wsaudit/agent/log/PatchLogger";
    java.util.Set<String> called = new java.util.TreeSet<>();
    try (JarFile jar = new JarFile(ForkedServer.agentJar().toFile())) {
      for (byte[] classFile : packedClasses(jar).values()) {
        new ClassReader(classFile)
            .accept(
                new ClassVisitor(Opcodes.ASM9) {
                  @Override
                  public MethodVisitor visitMethod(
                      int access,
                      String name,
                      String descriptor,
                      String signature,
                      String[] exceptions) {
                    return new MethodVisitor(Opcodes.ASM9) {
                      @Override
                      public void visitMethodInsn(
                          int opcode, String o, String n, String d, boolean itf) {
                        if (o.equals(owner)) {
                          called.add(n + d);
                        }
                      }
                    };
                  }
                },
                ClassReader.SKIP_DEBUG);
      }
    }
    java.util.Set<String> declared = new java.util.HashSet<>();
    for (java.lang.reflect.Method m : io.wsaudit.agent.log.PatchLogger.class.getDeclaredMethods()) {
      declared.add(
          m.getName()
              + net.bytebuddy.jar.asm.Type.getMethodDescriptor(m)
                  .replace("Lio/wsaudit/agent/log/PatchLogger;", "L" + owner + ";"));
    }
    for (java.lang.reflect.Constructor<?> c :
        io.wsaudit.agent.log.PatchLogger.class.getDeclaredConstructors()) {
      declared.add("<init>" + net.bytebuddy.jar.asm.Type.getConstructorDescriptor(c));
    }
    java.util.Set<String> missing = new java.util.TreeSet<>(called);
    missing.removeAll(declared);
    assertThat(called).isNotEmpty();
    assertThat(missing).isEmpty();
  }

  /** Issue 17's bound, gRPC export included; where the bytes go is in bench/README.md. */
  @Test
  void sizeIsAtMostFiveMegabytes() throws IOException {
    long size = Files.size(ForkedServer.agentJar());
    System.out.printf("wsaudit-agent.jar: %,d bytes%n", size);
    assertThat(size).isLessThanOrEqualTo(5_000_000L);
  }

  private static Map<String, byte[]> packedClasses(JarFile jar) throws IOException {
    ClassPack pack = ClassPack.open(jar);
    Map<String, byte[]> classes = new TreeMap<>();
    for (String name : pack.names()) {
      classes.put(name, pack.read(name));
    }
    return classes;
  }
}
