package io.wsaudit.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * What every family module has in common: its name, number and description, the naming of its
 * classes ({@code <Family>Module} next to {@code <Family>Advice}, {@code linked.<Family>Hooks}),
 * and the list of its types. A module's constructor only declares its types and their methods:
 * {@code type(name).advice(...).hook(...)}, one call per method.
 */
public abstract class FamilyModule implements InstrumentationModule {

  private final String family;
  private final int familyId;
  private final String description;
  private final List<Methods> types = new ArrayList<>();

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
  public final List<TypeInstrumentation> typeInstrumentations() {
    List<TypeInstrumentation> declared = new ArrayList<>();
    for (Methods methods : types) {
      declared.add(
          new TypeInstrumentation(methods.typeName, methods.advice, methods.connectionSlot));
    }
    return declared;
  }

  @Override
  public final String hooksClassName() {
    return getClass().getPackageName() + ".linked." + prefix() + "Hooks";
  }

  /** Declares a server class; its methods follow as calls on the answer. */
  protected final Methods type(String typeName) {
    Methods methods = new Methods(typeName);
    types.add(methods);
    return methods;
  }

  /** The method of that name with that many parameters. */
  protected static ElementMatcher.Junction<MethodDescription> method(String name, int parameters) {
    return named(name).and(takesArguments(parameters));
  }

  /** The advised methods of one declared type. */
  protected final class Methods {

    private final String typeName;
    private final List<MethodAdvice> advice = new ArrayList<>();
    private boolean connectionSlot;

    private Methods(String typeName) {
      this.typeName = typeName;
    }

    /** The family's own advice class {@code <Family>Advice$<name>}. */
    public Methods advice(
        String description, ElementMatcher<? super MethodDescription> matcher, String name) {
      String familyPackage = FamilyModule.this.getClass().getPackageName();
      return add(
          new MethodAdvice(
              description, matcher, familyPackage + "." + prefix() + "Advice$" + name));
    }

    /**
     * A shared {@link BridgeAdvice} class (one of its constants) passing {@code hooks}: the id on
     * entry, then, for the {@code AROUND_*} ones, the id on exit.
     */
    public Methods hook(
        String description,
        ElementMatcher<? super MethodDescription> matcher,
        String bridgeAdvice,
        int... hooks) {
      return add(new MethodAdvice(description, matcher, bridgeAdvice, hooks));
    }

    /**
     * The type's instances carry the agent's record of their connection in a field added when the
     * class is first loaded ({@code io.wsaudit.agent.bootstrap.ConnectionSlot}); where the class
     * was loaded before the agent, the family's map holds the record instead.
     */
    public Methods carriesConnection() {
      connectionSlot = true;
      return this;
    }

    private Methods add(MethodAdvice method) {
      advice.add(method);
      return this;
    }
  }
}
