package io.wsaudit.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;

import io.wsaudit.agent.bootstrap.WsAuditBridge;
import io.wsaudit.agent.log.AgentLog;
import io.wsaudit.agent.telemetry.WebSocketTelemetry;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.utility.JavaModule;

/**
 * Installs the families' advice with one {@link AgentBuilder} and connects the bridge to their
 * hooks.
 */
public final class Instrumenter {

  private Instrumenter() {}

  /** Whether any family has instrumented a server class yet. */
  public static boolean anyInstrumented() {
    return ModuleState.anyAnnounced();
  }

  public static void install(
      Instrumentation inst,
      ClassLoader agentLoader,
      WebSocketTelemetry telemetry,
      List<InstrumentationModule> modules) {
    List<ModuleState> states = new ArrayList<>();
    Map<String, ModuleState> byType = new HashMap<>();
    Set<String> typeNames = new HashSet<>();
    modules.forEach(m -> m.typeInstrumentations().forEach(t -> typeNames.add(t.typeName)));
    Set<String> loadedAlready = loaded(inst, typeNames);
    AgentBuilder builder =
        withoutNexus(
                new ByteBuddy()
                    .with(TypeValidation.DISABLED)
                    // Advice goes on declared methods only: no need to parse every supertype.
                    .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE))
            .disableClassFormatChanges()
            .with(redefinition(loadedAlready))
            .with(AgentBuilder.TypeStrategy.Default.DECORATE)
            .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
            .with(LoadedTypeFallbackPoolStrategy.INSTANCE)
            .with(new SkipOnError(byType))
            .ignore(
                nameStartsWith("io.wsaudit.")
                    .or(nameStartsWith("java."))
                    .or(nameStartsWith("jdk."))
                    .or(nameStartsWith("sun."))
                    .or(nameStartsWith("com.sun.")));
    for (InstrumentationModule module : modules) {
      ModuleState state =
          new ModuleState(module, new HookContext(telemetry, module.family()), agentLoader);
      states.add(state);
      for (TypeInstrumentation type : module.typeInstrumentations()) {
        byType.put(type.typeName, state);
        builder =
            builder
                .type(named(type.typeName))
                .transform(
                    new CheckedAdviceTransformer(
                        state, type, agentLoader, loadedAlready.contains(type.typeName)));
      }
    }
    // The bridge goes live first, so that classes retransformed during installation can already
    // report.
    WsAuditBridge.install(new HookDispatcher(states));
    builder.installOn(inst);
  }

  /**
   * ByteBuddy's system property that turns its Nexus off (the shaded copy reads it relocated, and
   * so does this literal: the property is ours alone, no other ByteBuddy in the JVM sees it).
   */
  private static final String NEXUS_DISABLED = "net.bytebuddy.nexus.disabled";

  /**
   * {@code new AgentBuilder.Default(..)} prepares the Nexus of its default initialization strategy
   * at once, before {@code with(InitializationStrategy.NoOp)} replaces it: it injects ByteBuddy's
   * {@code Nexus} class into the system class loader, which takes the reflective and unsafe class
   * injectors and the dynamic-type DSL (some 600 ByteBuddy classes loaded in premain). We never use
   * the Nexus (NoOp initialization, no live initializers), so the property disables it while the
   * builder is made, and is put back as it was: the accessor reads it once, when it initializes.
   */
  private static AgentBuilder withoutNexus(ByteBuddy byteBuddy) {
    String previous = System.getProperty(NEXUS_DISABLED);
    System.setProperty(NEXUS_DISABLED, "true");
    try {
      return new AgentBuilder.Default(byteBuddy);
    } finally {
      if (previous == null) {
        System.clearProperty(NEXUS_DISABLED);
      } else {
        System.setProperty(NEXUS_DISABLED, previous);
      }
    }
  }

  /**
   * Retransformation only if a class to instrument is already loaded (attached late, or another
   * agent loaded it): at premain none is, and the pass over every loaded class would find nothing.
   */
  private static AgentBuilder.RedefinitionStrategy redefinition(Set<String> loadedAlready) {
    return loadedAlready.isEmpty()
        ? AgentBuilder.RedefinitionStrategy.DISABLED
        : AgentBuilder.RedefinitionStrategy.RETRANSFORMATION;
  }

  /**
   * The classes to instrument that are loaded already: they are retransformed, which cannot add a
   * connection slot field to them.
   */
  private static Set<String> loaded(Instrumentation inst, Set<String> typeNames) {
    Set<String> loaded = new HashSet<>();
    for (Class<?> c : inst.getAllLoadedClasses()) {
      if (typeNames.contains(c.getName())) {
        loaded.add(c.getName());
      }
    }
    return loaded;
  }

  /**
   * A class that fails to transform switches its family off, with one line; the class loads
   * unchanged.
   */
  private static final class SkipOnError extends AgentBuilder.Listener.Adapter {
    private final Map<String, ModuleState> byType;

    SkipOnError(Map<String, ModuleState> byType) {
      this.byType = byType;
    }

    @Override
    public void onError(
        String typeName,
        ClassLoader classLoader,
        JavaModule module,
        boolean loaded,
        Throwable throwable) {
      ModuleState state = byType.get(typeName);
      if (state != null) {
        state.disable("cannot instrument " + typeName + " (" + throwable + ")");
        if (AgentLog.isDebug()) {
          throwable.printStackTrace();
        }
      }
    }

    @Override
    public void onIgnored(
        TypeDescription typeDescription,
        ClassLoader classLoader,
        JavaModule module,
        boolean loaded) {}
  }
}
