package io.wsaudit.agent.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

class ApiRemappingTest {

  static final String SPAN = "io/wsaudit/agent/shaded/io/opentelemetry/api/trace/Span";
  static final String SDK = "io/wsaudit/agent/shaded/io/opentelemetry/sdk/common/Clock";

  /** A class using relocated names in a field, a method, a string and two-slot constants. */
  static byte[] sample() {
    ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_MAXS | ClassWriter.COMPUTE_FRAMES);
    w.visit(Opcodes.V11, Opcodes.ACC_PUBLIC, "x/Sample", null, "java/lang/Object", null);
    w.visitField(Opcodes.ACC_STATIC, "span", "L" + SPAN + ";", null, null).visitEnd();
    w.visitField(Opcodes.ACC_STATIC, "clock", "L" + SDK + ";", null, null).visitEnd();
    w.visitField(Opcodes.ACC_STATIC | Opcodes.ACC_FINAL, "big", "J", null, 1234567890123L)
        .visitEnd();
    MethodVisitor m =
        w.visitMethod(
            Opcodes.ACC_STATIC,
            "context",
            "(Lio/wsaudit/agent/shaded/io/opentelemetry/context/Context;)Ljava/lang/String;",
            null,
            null);
    m.visitCode();
    m.visitLdcInsn(2.5d);
    m.visitInsn(Opcodes.POP2);
    m.visitLdcInsn("io.wsaudit.agent.shaded.io.opentelemetry.api.GlobalOpenTelemetry");
    m.visitInsn(Opcodes.ARETURN);
    m.visitMaxs(0, 0);
    m.visitEnd();
    w.visitEnd();
    return w.toByteArray();
  }

  @Test
  void apiAndContextNamesBecomeTheOtelAgentsAndTheRestStays() throws Exception {
    List<String> seen = new ArrayList<>();
    new ClassReader(ApiRemapping.remap(sample()))
        .accept(
            new ClassVisitor(Opcodes.ASM9) {
              @Override
              public FieldVisitor visitField(
                  int access, String name, String descriptor, String signature, Object value) {
                seen.add(name + " " + descriptor + " " + value);
                return null;
              }

              @Override
              public MethodVisitor visitMethod(
                  int access, String name, String descriptor, String signature, String[] ex) {
                seen.add(name + " " + descriptor);
                return new MethodVisitor(Opcodes.ASM9) {
                  @Override
                  public void visitLdcInsn(Object value) {
                    seen.add("ldc " + value);
                  }
                };
              }
            },
            0);
    assertThat(seen)
        .containsExactly(
            "span Lio/opentelemetry/javaagent/shaded/io/opentelemetry/api/trace/Span; null",
            "clock L" + SDK + "; null",
            "big J 1234567890123",
            "context (Lio/opentelemetry/javaagent/shaded/io/opentelemetry/context/Context;)"
                + "Ljava/lang/String;",
            "ldc 2.5",
            "ldc io.opentelemetry.javaagent.shaded.io.opentelemetry.api.GlobalOpenTelemetry");
  }

  @Test
  void aClassWithoutRelocatedNamesIsUnchanged() throws Exception {
    byte[] plain;
    try (var in = AgentStarter.class.getResourceAsStream("AgentStarter.class")) {
      plain = in.readAllBytes();
    }
    assertThat(ApiRemapping.remap(plain)).isEqualTo(plain);
  }

  @Test
  void classNamesMapOnlyForTheApiAndContext() {
    assertThat(
            ApiRemapping.mappedClassName("io.wsaudit.agent.shaded.io.opentelemetry.api.trace.Span"))
        .isEqualTo("io.opentelemetry.javaagent.shaded.io.opentelemetry.api.trace.Span");
    assertThat(
            ApiRemapping.mappedClassName("io.wsaudit.agent.shaded.io.opentelemetry.context.Scope"))
        .isEqualTo("io.opentelemetry.javaagent.shaded.io.opentelemetry.context.Scope");
    assertThat(ApiRemapping.mappedClassName("io.wsaudit.agent.shaded.io.opentelemetry.sdk.Sdk"))
        .isNull();
    assertThat(ApiRemapping.mappedClassName("io.wsaudit.agent.AgentInstaller")).isNull();
  }
}
