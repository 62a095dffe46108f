package io.wsaudit.agent.instrumentation;

import io.wsaudit.agent.log.AgentLog;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/**
 * Applies a type's advice only when every advised method is there; otherwise the server is not the
 * version the family was written for, so the family is skipped with one line and the class is left
 * as it was.
 */
final class CheckedAdviceTransformer implements AgentBuilder.Transformer {

  private final ModuleState state;
  private final TypeInstrumentation type;
  private final List<AgentBuilder.Transformer.ForAdvice> advice = new ArrayList<>();

  /** Loaded before the agent started: retransformed, so no connection slot can be added. */
  private final boolean loadedAlready;

  CheckedAdviceTransformer(
      ModuleState state, TypeInstrumentation type, ClassLoader agentLoader, boolean loadedAlready) {
    this.state = state;
    this.type = type;
    this.loadedAlready = loadedAlready;
    // One transformer per method: the hook ids bound for the shared BridgeAdvice classes differ.
    for (MethodAdvice a : type.advice) {
      Advice.WithCustomMapping ids =
          Advice.withCustomMapping()
              .bind(BridgeAdvice.Hook.class, a.hook())
              .bind(BridgeAdvice.ExitHook.class, a.exitHook());
      advice.add(
          new AgentBuilder.Transformer.ForAdvice(ids)
              .include(agentLoader)
              .withExceptionHandler(Advice.ExceptionHandler.Default.SUPPRESSING)
              .advice(a.matcher, a.adviceClassName));
    }
  }

  @Override
  public DynamicType.Builder<?> transform(
      DynamicType.Builder<?> builder,
      TypeDescription typeDescription,
      ClassLoader classLoader,
      JavaModule module,
      ProtectionDomain protectionDomain) {
    if (!state.active()) {
      return builder;
    }
    for (MethodAdvice a : type.advice) {
      if (typeDescription.getDeclaredMethods().filter(a.matcher).isEmpty()) {
        state.disable(typeDescription.getName() + " has no method " + a.description);
        return builder;
      }
    }
    DynamicType.Builder<?> result = builder;
    for (AgentBuilder.Transformer.ForAdvice a : advice) {
      result = a.transform(result, typeDescription, classLoader, module, protectionDomain);
    }
    if (type.connectionSlot) {
      result = withConnectionSlot(result, typeDescription, module);
    }
    state.announce(typeDescription.getName(), protectionDomain);
    return result;
  }

  /**
   * Adds the connection slot where it can be added; says once per type which way the family keeps
   * its connection records (the field, or its map as the fallback).
   */
  private DynamicType.Builder<?> withConnectionSlot(
      DynamicType.Builder<?> builder, TypeDescription typeDescription, JavaModule module) {
    String name = typeDescription.getName();
    String family = state.module.family();
    if (loadedAlready) {
      AgentLog.info(
          family + ": " + name + " was loaded before the agent: connection records kept in a map");
      return builder;
    }
    if (module != null && module.isNamed()) {
      // A named module (the server on the module path) does not read the bootstrap loader's
      // unnamed module, where ConnectionSlot lives: a superinterface it cannot access would fail
      // the class's loading, i.e. the application. Advice calls into the bridge fail softly there.
      AgentLog.info(
          family
              + ": "
              + name
              + " is in module "
              + module.getActualName()
              + ": connection records kept in a map");
      return builder;
    }
    if (!ConnectionSlotField.fits(typeDescription)) {
      AgentLog.info(
          family + ": " + name + " cannot take a field: connection records kept in a map");
      return builder;
    }
    // The usual case stays quiet (the agent's lines at info are its start and its families); the
    // fallbacks above are worth a line, they cost a map entry per connection.
    AgentLog.debug(family + ": " + name + " carries its connection record in a field");
    return builder.visit(ConnectionSlotField.INSTANCE);
  }
}
