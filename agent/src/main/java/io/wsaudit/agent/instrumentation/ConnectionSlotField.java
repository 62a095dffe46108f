package io.wsaudit.agent.instrumentation;

import io.wsaudit.agent.bootstrap.ConnectionSlot;
import java.util.Arrays;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.field.FieldList;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.OpenedClassReader;

/**
 * Gives a server class, as it is first loaded, a field for the agent's record of a connection and
 * implements {@link ConnectionSlot} over it (the idea of the OpenTelemetry agent's virtual fields).
 * Written with ASM because the agent builder decorates types, which allows no new members through
 * the builder itself; a retransformation (the class was loaded already) cannot add members at all,
 * so {@link CheckedAdviceTransformer} applies this only to classes not loaded when the agent
 * started.
 */
final class ConnectionSlotField extends AsmVisitorWrapper.AbstractBase {

  static final ConnectionSlotField INSTANCE = new ConnectionSlotField();

  static final String FIELD = "wsaudit$connection";
  private static final String SLOT = ConnectionSlot.class.getName().replace('.', '/');
  private static final String OBJECT = "Ljava/lang/Object;";

  private ConnectionSlotField() {}

  /**
   * False where adding the members would break the class or change it beyond our field: an
   * interface, or a class that already has a member of that name or the interface.
   */
  static boolean fits(TypeDescription type) {
    return !type.isInterface()
        && type.getInterfaces().asErasures().stream()
            .noneMatch(i -> i.getName().equals(ConnectionSlot.class.getName()))
        && type.getDeclaredFields().filter(f -> f.getName().equals(FIELD)).isEmpty()
        && type.getDeclaredMethods().filter(m -> m.getName().equals(FIELD)).isEmpty();
  }

  @Override
  public ClassVisitor wrap(
      TypeDescription instrumentedType,
      ClassVisitor classVisitor,
      Implementation.Context implementationContext,
      TypePool typePool,
      FieldList<FieldDescription.InDefinedShape> fields,
      MethodList<?> methods,
      int writerFlags,
      int readerFlags) {
    return new ClassVisitor(OpenedClassReader.ASM_API, classVisitor) {
      private String owner;

      @Override
      public void visit(
          int version,
          int access,
          String name,
          String signature,
          String superName,
          String[] interfaces) {
        owner = name;
        String[] more =
            interfaces == null ? new String[1] : Arrays.copyOf(interfaces, interfaces.length + 1);
        more[more.length - 1] = SLOT;
        super.visit(version, access, name, signature, superName, more);
      }

      @Override
      public void visitEnd() {
        // Volatile: set on the thread that opens the connection, read on the ones that carry its
        // frames.
        super.visitField(
                Opcodes.ACC_PRIVATE
                    | Opcodes.ACC_VOLATILE
                    | Opcodes.ACC_TRANSIENT
                    | Opcodes.ACC_SYNTHETIC,
                FIELD,
                OBJECT,
                null,
                null)
            .visitEnd();
        MethodVisitor get =
            super.visitMethod(
                Opcodes.ACC_PUBLIC | Opcodes.ACC_SYNTHETIC, FIELD, "()" + OBJECT, null, null);
        get.visitCode();
        get.visitVarInsn(Opcodes.ALOAD, 0);
        get.visitFieldInsn(Opcodes.GETFIELD, owner, FIELD, OBJECT);
        get.visitInsn(Opcodes.ARETURN);
        get.visitMaxs(1, 1);
        get.visitEnd();
        MethodVisitor set =
            super.visitMethod(
                Opcodes.ACC_PUBLIC | Opcodes.ACC_SYNTHETIC, FIELD, "(" + OBJECT + ")V", null, null);
        set.visitCode();
        set.visitVarInsn(Opcodes.ALOAD, 0);
        set.visitVarInsn(Opcodes.ALOAD, 1);
        set.visitFieldInsn(Opcodes.PUTFIELD, owner, FIELD, OBJECT);
        set.visitInsn(Opcodes.RETURN);
        set.visitMaxs(2, 2);
        set.visitEnd();
        super.visitEnd();
      }
    };
  }
}
