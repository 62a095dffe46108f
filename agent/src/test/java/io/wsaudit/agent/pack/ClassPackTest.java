package io.wsaudit.agent.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wsaudit.agent.bootstrap.AgentClassLoader;
import io.wsaudit.agent.bootstrap.ClassPack;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The class pack as the build writes it and the agent class loader reads it, on real classes. */
class ClassPackTest {

  private static final String OURS = "io/wsaudit/agent/pack/ClassPackTest$Packed";
  private static final String KOTLIN = "kotlin/collections/ArraysKt___ArraysKt";
  private static final String KOTLIN_AS_SHADED = LibraryClassSlimmer.LIBRARIES + KOTLIN;
  private static final String BYTEBUDDY = "net/bytebuddy/agent/builder/AgentBuilder$Default";
  private static final String BYTEBUDDY_AS_SHADED = LibraryClassSlimmer.LIBRARIES + BYTEBUDDY;

  @TempDir Path dir;

  /**
   * Loaded from the pack by {@link #theAgentClassLoaderDefinesPackedClassesAndServesTheirFiles}.
   */
  public static final class Packed implements Callable<String> {
    @Override
    public String call() {
      return "from the pack";
    }
  }

  @Test
  void everyClassReadsBackOursAsCompiledLibrariesSlimmed() throws Exception {
    try (JarFile jar = new JarFile(packedJar(false).toFile())) {
      ClassPack pack = ClassPack.open(jar);
      assertThat(pack.names()).containsExactly(OURS, KOTLIN_AS_SHADED, BYTEBUDDY_AS_SHADED);
      assertThat(pack.read(OURS)).isEqualTo(classFile(OURS));

      byte[] kotlin = pack.read(KOTLIN_AS_SHADED);
      assertThat(kotlin.length).isLessThan(classFile(KOTLIN).length);
      Shape before = Shape.of(classFile(KOTLIN));
      Shape after = Shape.of(kotlin);
      assertThat(before.kotlinMetadata).isTrue();
      assertThat(before.localVariables).isPositive();
      assertThat(after.kotlinMetadata).isFalse();
      assertThat(after.localVariables).isZero();
      assertThat(after.methods).isEqualTo(before.methods);
      assertThat(after.lineNumbers).isEqualTo(before.lineNumbers).isPositive();

      Shape bytebuddy = Shape.of(pack.read(BYTEBUDDY_AS_SHADED));
      assertThat(bytebuddy.methods).isEqualTo(Shape.of(classFile(BYTEBUDDY)).methods);
      assertThat(bytebuddy.localVariables).isZero();
    }
  }

  @Test
  void aClassNotPackedIsNotFound() throws Exception {
    try (JarFile jar = new JarFile(packedJar(false).toFile())) {
      ClassPack pack = ClassPack.open(jar);
      assertThat(pack.contains("io/wsaudit/agent/pack/Missing")).isFalse();
      assertThat(pack.read("io/wsaudit/agent/pack/Missing")).isNull();
      assertThat(pack.contains(OURS)).isTrue();
    }
  }

  @Test
  void aPackCompressedAgainIsRefused() throws Exception {
    try (JarFile jar = new JarFile(packedJar(true).toFile())) {
      assertThatThrownBy(() -> ClassPack.open(jar))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("must be stored");
    }
  }

  @Test
  void theAgentClassLoaderDefinesPackedClassesAndServesTheirFiles() throws Exception {
    AgentClassLoader loader = new AgentClassLoader(packedJar(false).toFile());
    Class<?> packed = loader.loadClass(OURS.replace('/', '.'));
    assertThat(packed.getClassLoader()).isSameAs(loader);
    assertThat(((Callable<?>) packed.getConstructor().newInstance()).call())
        .isEqualTo("from the pack");
    URL url = loader.getResource(OURS + ".class");
    assertThat(url).isNotNull();
    try (InputStream in = url.openStream()) {
      assertThat(in.readAllBytes()).isEqualTo(classFile(OURS));
    }
    assertThat(loader.getResource("io/wsaudit/agent/pack/Missing.class")).isNull();
    assertThat(loader.getResource("version.txt")).isNotNull();
  }

  /** A jar as the agent build lays it out: index and a resource deflated, the pack stored. */
  private Path packedJar(boolean deflatePack) throws IOException {
    Map<String, byte[]> classes = new TreeMap<>();
    classes.put(OURS, classFile(OURS));
    classes.put(KOTLIN_AS_SHADED, LibraryClassSlimmer.slim(KOTLIN_AS_SHADED, classFile(KOTLIN)));
    classes.put(
        BYTEBUDDY_AS_SHADED, LibraryClassSlimmer.slim(BYTEBUDDY_AS_SHADED, classFile(BYTEBUDDY)));
    Path layout = dir.resolve("layout-" + deflatePack);
    Path packZip = dir.resolve("pack-" + deflatePack + ".zip");
    ClassPackWriter.write(classes, layout.resolve(ClassPack.INDEX_ENTRY), packZip);
    Path jar = dir.resolve("agent-" + deflatePack + ".jar");
    try (OutputStream file = Files.newOutputStream(jar);
        ZipOutputStream out = new ZipOutputStream(file);
        ZipFile pack = new ZipFile(packZip.toFile())) {
      out.putNextEntry(new ZipEntry(ClassPack.INDEX_ENTRY));
      out.write(Files.readAllBytes(layout.resolve(ClassPack.INDEX_ENTRY)));
      out.putNextEntry(new ZipEntry("inst/version.txt"));
      out.write(new byte[] {'1'});
      ZipEntry stored = pack.getEntry(ClassPack.PACK_ENTRY);
      assertThat(stored.getMethod()).isEqualTo(ZipEntry.STORED);
      ZipEntry copy = deflatePack ? new ZipEntry(stored.getName()) : new ZipEntry(stored);
      out.putNextEntry(copy);
      try (InputStream in = pack.getInputStream(stored)) {
        in.transferTo(out);
      }
      out.closeEntry();
    }
    return jar;
  }

  private static byte[] classFile(String name) throws IOException {
    try (InputStream in =
        ClassPackTest.class.getClassLoader().getResourceAsStream(name + ".class")) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }

  /** What the slimmer may and may not change in a class file. */
  private static final class Shape extends ClassVisitor {
    final List<String> methods = new ArrayList<>();
    int lineNumbers;
    int localVariables;
    boolean kotlinMetadata;

    private Shape() {
      super(Opcodes.ASM9);
    }

    static Shape of(byte[] classFile) {
      Shape shape = new Shape();
      new ClassReader(classFile).accept(shape, 0);
      Collections.sort(shape.methods);
      return shape;
    }

    @Override
    public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
      kotlinMetadata |= descriptor.endsWith("kotlin/Metadata;");
      return null;
    }

    @Override
    public MethodVisitor visitMethod(
        int access, String name, String descriptor, String signature, String[] exceptions) {
      methods.add(name + descriptor);
      return new MethodVisitor(Opcodes.ASM9) {
        @Override
        public void visitLineNumber(int line, Label start) {
          lineNumbers++;
        }

        @Override
        public void visitLocalVariable(
            String n, String d, String s, Label start, Label end, int index) {
          localVariables++;
        }
      };
    }
  }
}
