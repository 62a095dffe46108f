package io.wsaudit.agent.instrumentation;

import java.io.IOException;
import java.io.InputStream;

/**
 * Defines a family's {@code linked} package against one server class loader: those classes see the
 * server's API (from the server loader) and the agent (from the agent loader), while the server
 * never sees them.
 */
final class LinkedClassLoader extends ClassLoader {

  static {
    registerAsParallelCapable();
  }

  private final String linkedPrefix;
  private final ClassLoader serverLoader;
  private final ClassLoader agentLoader;

  LinkedClassLoader(String linkedPrefix, ClassLoader serverLoader, ClassLoader agentLoader) {
    super("wsaudit-linked", null);
    this.linkedPrefix = linkedPrefix;
    this.serverLoader = serverLoader;
    this.agentLoader = agentLoader;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    synchronized (getClassLoadingLock(name)) {
      Class<?> c = findLoadedClass(name);
      if (c == null) {
        if (name.startsWith(linkedPrefix)) {
          c = defineLinked(name);
        } else if (name.startsWith("io.wsaudit.")) {
          c = agentLoader.loadClass(name);
        } else if (serverLoader != null) {
          c = serverLoader.loadClass(name);
        } else {
          c = ClassLoader.getPlatformClassLoader().loadClass(name);
        }
      }
      if (resolve) {
        resolveClass(c);
      }
      return c;
    }
  }

  private Class<?> defineLinked(String name) throws ClassNotFoundException {
    try (InputStream in = agentLoader.getResourceAsStream(name.replace('.', '/') + ".class")) {
      if (in == null) {
        throw new ClassNotFoundException(name);
      }
      byte[] bytes = in.readAllBytes();
      return defineClass(name, bytes, 0, bytes.length);
    } catch (IOException e) {
      throw new ClassNotFoundException(name, e);
    }
  }
}
