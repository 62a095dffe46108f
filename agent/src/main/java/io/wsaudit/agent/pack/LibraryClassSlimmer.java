package io.wsaudit.agent.pack;

import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Drops from the relocated libraries' classes what nothing in the agent reads at run time: local
 * variable tables and parameter names (debuggers only), Kotlin's {@code @Metadata} (read by
 * kotlin-reflect, which the agent does not carry) and its source maps. Line numbers and source file
 * names stay, so stack traces keep their lines. The agent's own classes are left as compiled:
 * ByteBuddy reads advice from them.
 */
final class LibraryClassSlimmer {

  static final String LIBRARIES = "io/wsaudit/agent/shaded/";

  private static final String KOTLIN_METADATA = "/kotlin/Metadata;";

  private LibraryClassSlimmer() {}

  static byte[] slim(String name, byte[] classFile) {
    if (!name.startsWith(LIBRARIES)) {
      return classFile;
    }
    ClassWriter writer = new ClassWriter(0);
    new ClassReader(classFile).accept(new Slimming(writer), 0);
    return writer.toByteArray();
  }

  /** Relocated or not: the slimmer also runs on the unrelocated libraries in its test. */
  private static boolean isKotlinMetadata(String descriptor) {
    return descriptor.equals("Lkotlin/Metadata;") || descriptor.endsWith(KOTLIN_METADATA);
  }

  private static final class Slimming extends ClassVisitor {

    Slimming(ClassVisitor next) {
      super(Opcodes.ASM9, next);
    }

    @Override
    public void visitSource(String source, String debug) {
      super.visitSource(source, null);
    }

    @Override
    public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
      return isKotlinMetadata(descriptor) ? null : super.visitAnnotation(descriptor, visible);
    }

    @Override
    public MethodVisitor visitMethod(
        int access, String name, String descriptor, String signature, String[] exceptions) {
      return new MethodVisitor(
          Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
        @Override
        public void visitParameter(String parameter, int parameterAccess) {}

        @Override
        public void visitLocalVariable(
            String local, String desc, String sig, Label start, Label end, int index) {}
      };
    }
  }
}
