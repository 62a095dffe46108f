package io.wsaudit.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * What every family module has in common: its name, number and description, and the naming of its
 * classes ({@code <Family>Module} next to {@code <Family>Advice}, {@code linked.<Family>Hooks}), so
 * that a module only declares its types and methods, one line each where they are simple.
 */
public abstract class FamilyModule implements InstrumentationModule {

  private final String family;
  private final int familyId;
  private final String description;

  protected FamilyModule(String family, int familyId, String description) {
    this.family = family;
    this.familyId = familyId;
    this.description = description;
  }

  /** {@code Undertow} for {@code UndertowModule}: the start of the family's class names. */
  private String prefix() {
    String simple = getClass().getSimpleName();
    return simple.substring(0, simple.length() - "Module".length());
  }

  @Override
  public final String family() {
    return family;
  }

  @Override
  public final int familyId() {
    return familyId;
  }

  @Override
  public final String description() {
    return description;
  }

  @Override
  public final String hooksClassName() {
    return getClass().getPackageName() + ".linked." + prefix() + "Hooks";
  }

  protected static TypeInstrumentation type(String typeName, MethodAdvice... advice) {
    return new TypeInstrumentation(typeName, advice);
  }

  /** The method of that name with that many parameters. */
  protected static ElementMatcher.Junction<MethodDescription> method(String name, int parameters) {
    return named(name).and(takesArguments(parameters));
  }

  /** The family's own advice class {@code <Family>Advice$<name>}. */
  protected final MethodAdvice advice(
      String description, ElementMatcher<? super MethodDescription> matcher, String name) {
    return new MethodAdvice(
        description, matcher, getClass().getPackageName() + "." + prefix() + "Advice$" + name);
  }

  /**
   * A shared {@link BridgeAdvice} class (one of its constants) passing {@code hooks}: the id on
   * entry, then, for the {@code AROUND_*} ones, the id on exit.
   */
  protected static MethodAdvice hook(
      String description,
      ElementMatcher<? super MethodDescription> matcher,
      String bridgeAdvice,
      int... hooks) {
    return new MethodAdvice(description, matcher, bridgeAdvice, hooks);
  }
}
