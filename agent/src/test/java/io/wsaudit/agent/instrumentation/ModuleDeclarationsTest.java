package io.wsaudit.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * What the modules declare is there: every advice class and hooks class they name, and for the
 * shared {@link BridgeAdvice} classes a hook id of the module's own family (an id of 0 would reach
 * no family's hooks, and nothing in the server would say so).
 */
class ModuleDeclarationsTest {

  @Test
  void everyNamedClassExistsAndEverySharedAdviceHasItsFamilysIds() {
    ClassLoader loader = ModuleDeclarationsTest.class.getClassLoader();
    int shared = 0;
    for (InstrumentationModule module : Modules.all()) {
      assertThat(loader.getResource(resource(module.hooksClassName())))
          .as(module.hooksClassName())
          .isNotNull();
      for (TypeInstrumentation type : module.typeInstrumentations()) {
        for (MethodAdvice advice : type.advice) {
          String what = module.family() + " " + type.typeName + "#" + advice.description;
          assertThat(loader.getResource(resource(advice.adviceClassName))).as(what).isNotNull();
          if (!advice.adviceClassName.startsWith(BridgeAdvice.class.getName() + "$")) {
            assertThat(advice.hook()).as(what + ": ids are the family advice's own").isZero();
            continue;
          }
          shared++;
          assertThat(HookIds.family(advice.hook())).as(what).isEqualTo(module.familyId());
          boolean around = advice.adviceClassName.contains("$Around");
          assertThat(advice.exitHook() == 0 ? 0 : HookIds.family(advice.exitHook()))
              .as(what + ": exit id")
              .isEqualTo(around ? module.familyId() : 0);
        }
      }
    }
    assertThat(shared).isGreaterThan(Modules.all().size());
  }

  private static String resource(String className) {
    return className.replace('.', '/') + ".class";
  }
}
