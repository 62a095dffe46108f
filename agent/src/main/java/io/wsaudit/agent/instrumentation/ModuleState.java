package io.wsaudit.agent.instrumentation;

import io.wsaudit.agent.log.AgentLog;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.WeakHashMap;

/** A family at run time: whether it is still active, and its hooks per server class loader. */
final class ModuleState {

  final InstrumentationModule module;
  private final HookContext context;
  private final ClassLoader agentLoader;
  private final Map<ClassLoader, ServerHooks> hooksByLoader = new WeakHashMap<>();

  /**
   * The loader of the last lookup and its hooks: per-frame hooks find them without a lock (most
   * servers have one class loader). Replaced whole, so a reader never pairs a loader with another
   * loader's hooks.
   */
  private volatile LastHooks last;

  private volatile boolean active = true;
  private volatile boolean announced;

  ModuleState(InstrumentationModule module, HookContext context, ClassLoader agentLoader) {
    this.module = module;
    this.context = context;
    this.agentLoader = agentLoader;
  }

  HookContext context() {
    return context;
  }

  boolean active() {
    return active;
  }

  /** Turns the family off for the rest of the run, with one line saying why. */
  void disable(String why) {
    if (active) {
      active = false;
      AgentLog.info("skipped " + module.description() + ": " + why);
    }
  }

  /** Whether any family has instrumented a class in this run. */
  static boolean anyAnnounced() {
    return anyAnnounced;
  }

  private static volatile boolean anyAnnounced;

  void announce(String typeName, ProtectionDomain domain) {
    if (!announced) {
      announced = true;
      anyAnnounced = true;
      String found = FoundVersion.of(domain);
      AgentLog.info(
          "instrumented "
              + module.family()
              + " "
              + (found != null ? found : "(version unknown)")
              + " with "
              + module.description()
              + " ("
              + typeName
              + ")");
    }
  }

  ServerHooks hooksFor(ClassLoader serverLoader) throws ReflectiveOperationException {
    LastHooks l = last;
    if (l != null && l.loader == serverLoader) {
      return l.hooks;
    }
    ServerHooks hooks = lookUp(serverLoader);
    last = new LastHooks(serverLoader, hooks);
    return hooks;
  }

  private synchronized ServerHooks lookUp(ClassLoader serverLoader)
      throws ReflectiveOperationException {
    ServerHooks hooks = hooksByLoader.get(serverLoader);
    if (hooks == null) {
      String name = module.hooksClassName();
      String linkedPrefix = name.substring(0, name.lastIndexOf('.') + 1);
      Class<?> type =
          Class.forName(name, true, new LinkedClassLoader(linkedPrefix, serverLoader, agentLoader));
      hooks = (ServerHooks) type.getConstructor(HookContext.class).newInstance(context);
      hooksByLoader.put(serverLoader, hooks);
    }
    return hooks;
  }

  /** A loader and its hooks (which reach the loader anyway, through their linked class loader). */
  private static final class LastHooks {
    final ClassLoader loader;
    final ServerHooks hooks;

    LastHooks(ClassLoader loader, ServerHooks hooks) {
      this.loader = loader;
      this.hooks = hooks;
    }
  }
}
