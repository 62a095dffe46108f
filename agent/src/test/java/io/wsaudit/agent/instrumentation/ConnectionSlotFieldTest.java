package io.wsaudit.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.agent.bootstrap.ConnectionSlot;
import io.wsaudit.agent.instrumentation.undertow.v2_2.UndertowModule;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.utility.JavaModule;
import org.junit.jupiter.api.Test;

/**
 * A declared connection class gets its field as it is first loaded, through the same transformer
 * the agent installs; a class loaded before the agent keeps its shape (its family uses its map).
 */
class ConnectionSlotFieldTest {

  /** Stands for a server's connection class. */
  public static class Channel {
    public int frames;
  }

  /** Already has a member of the slot's name: left alone. */
  public static class Clashing {
    public Object wsaudit$connection;
  }

  interface NotAClass {}

  private static Class<?> transformed(Class<?> type, boolean loadedAlready) {
    return transformed(type, loadedAlready, null);
  }

  private static Class<?> transformed(Class<?> type, boolean loadedAlready, JavaModule module) {
    ClassLoader loader = ConnectionSlotFieldTest.class.getClassLoader();
    ModuleState state =
        new ModuleState(new UndertowModule(), new HookContext(null, "undertow"), loader);
    CheckedAdviceTransformer transformer =
        new CheckedAdviceTransformer(
            state, new TypeInstrumentation(type.getName(), List.of(), true), loader, loadedAlready);
    DynamicType.Builder<?> builder =
        transformer.transform(
            new ByteBuddy().decorate(type),
            TypeDescription.ForLoadedType.of(type),
            loader,
            module,
            null);
    return builder.make().load(loader, ClassLoadingStrategy.Default.CHILD_FIRST).getLoaded();
  }

  @Test
  void aClassFirstLoadedCarriesTheRecordInItsOwnField() throws Exception {
    Class<?> channel = transformed(Channel.class, false);
    assertThat(channel).isNotSameAs(Channel.class);
    Object instance = channel.getConstructor().newInstance();

    assertThat(instance).isInstanceOf(ConnectionSlot.class);
    ConnectionSlot slot = (ConnectionSlot) instance;
    assertThat(slot.wsaudit$connection()).isNull();
    Object record = new Object();
    slot.wsaudit$connection(record);
    assertThat(slot.wsaudit$connection()).isSameAs(record);
    slot.wsaudit$connection(null);
    assertThat(slot.wsaudit$connection()).isNull();

    Field field = channel.getDeclaredField(ConnectionSlotField.FIELD);
    assertThat(field.getType()).isEqualTo(Object.class);
    assertThat(Modifier.isVolatile(field.getModifiers())).isTrue();
    assertThat(field.isSynthetic()).isTrue();
    // The class is otherwise the same: its own members are still there.
    assertThat(channel.getField("frames").getType()).isEqualTo(int.class);
  }

  @Test
  void aClassLoadedBeforeTheAgentKeepsItsShape() throws Exception {
    Object instance = transformed(Channel.class, true).getConstructor().newInstance();
    assertThat(instance).isNotInstanceOf(ConnectionSlot.class);
  }

  @Test
  void aClassInANamedModuleKeepsItsShape() throws Exception {
    // Such a module does not read the bootstrap loader's unnamed module: ConnectionSlot as a
    // superinterface would fail the class's loading. Any named module stands for the server's.
    JavaModule named = JavaModule.ofType(String.class);
    assertThat(named.isNamed()).isTrue();
    Object instance = transformed(Channel.class, false, named).getConstructor().newInstance();
    assertThat(instance).isNotInstanceOf(ConnectionSlot.class);
  }

  @Test
  void aClassWithAMemberOfTheSlotsNameOrAnInterfaceGetsNoField() throws Exception {
    assertThat(ConnectionSlotField.fits(TypeDescription.ForLoadedType.of(Channel.class))).isTrue();
    assertThat(ConnectionSlotField.fits(TypeDescription.ForLoadedType.of(Clashing.class)))
        .isFalse();
    assertThat(ConnectionSlotField.fits(TypeDescription.ForLoadedType.of(NotAClass.class)))
        .isFalse();
    assertThat(transformed(Clashing.class, false).getConstructor().newInstance())
        .isNotInstanceOf(ConnectionSlot.class);
  }

  @Test
  void undertowAndJettyDeclareTheirConnectionClasses() {
    assertThat(slotTypes(new UndertowModule()))
        .containsExactly("io.undertow.websockets.core.WebSocketChannel");
    assertThat(slotTypes(new io.wsaudit.agent.instrumentation.jetty.v12_0.JettyModule()))
        .containsExactly("org.eclipse.jetty.io.AbstractEndPoint");
  }

  private static List<String> slotTypes(InstrumentationModule module) {
    return module.typeInstrumentations().stream()
        .filter(TypeInstrumentation::connectionSlot)
        .map(TypeInstrumentation::typeName)
        .toList();
  }
}
