package io.wsaudit.agent.instrumentation;

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

  CheckedAdviceTransformer(ModuleState state, TypeInstrumentation type, ClassLoader agentLoader) {
    this.state = state;
    this.type = type;
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
    state.announce(typeDescription.getName(), protectionDomain);
    return result;
  }
}
