package io.wsaudit.agent.instrumentation;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * ByteBuddy's default type pool reads class files only. Another agent attached before us (the
 * OpenTelemetry Java agent) adds interfaces to the server classes it transforms and defines them
 * without a class file (injected into the bootstrap loader); the pool cannot resolve those, the
 * method graph of the class we transform cannot be built, and the family would be skipped. This
 * pool is ByteBuddy's {@link AgentBuilder.PoolStrategy.Default#FAST} (class files, parsed lazily;
 * matching loads no class), except that a type it cannot find as a class file is taken from the
 * class already defined under that name in the class loader being transformed.
 */
final class LoadedTypeFallbackPoolStrategy implements AgentBuilder.PoolStrategy {

  static final LoadedTypeFallbackPoolStrategy INSTANCE = new LoadedTypeFallbackPoolStrategy();

  private LoadedTypeFallbackPoolStrategy() {}

  @Override
  public TypePool typePool(ClassFileLocator classFileLocator, ClassLoader classLoader) {
    return new TypePool.Default.WithLazyResolution(
        new FallbackCache(classLoader), classFileLocator, TypePool.Default.ReaderMode.FAST);
  }

  @Override
  public TypePool typePool(
      ClassFileLocator classFileLocator, ClassLoader classLoader, String name) {
    return typePool(classFileLocator, classLoader);
  }

  /**
   * The lazy pool registers each type once it has read (or failed to read) its class file, and
   * every later lookup is served from here: replacing a failed resolution at registration covers
   * both the lazy descriptions and the pool's direct lookups.
   */
  static final class FallbackCache implements TypePool.CacheProvider {

    private final TypePool.CacheProvider delegate = TypePool.CacheProvider.Simple.withObjectType();
    private final ClassLoader classLoader;

    FallbackCache(ClassLoader classLoader) {
      this.classLoader = classLoader;
    }

    @Override
    public TypePool.Resolution find(String name) {
      return delegate.find(name);
    }

    @Override
    public TypePool.Resolution register(String name, TypePool.Resolution resolution) {
      return delegate.register(
          name, resolution.isResolved() ? resolution : loaded(name, resolution));
    }

    @Override
    public void clear() {
      delegate.clear();
    }

    private TypePool.Resolution loaded(String name, TypePool.Resolution unresolved) {
      try {
        // Not initialized: no code of the type runs. Without a class file it is normally already
        // defined.
        Class<?> type = Class.forName(name, false, classLoader);
        return new TypePool.Resolution.Simple(TypeDescription.ForLoadedType.of(type));
      } catch (ClassNotFoundException | LinkageError | SecurityException e) {
        return unresolved;
      }
    }
  }
}
