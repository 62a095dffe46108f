package io.wsaudit.agent.bootstrap;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.JarFile;

/**
 * Loads the agent's own classes and its relocated libraries from the agent jar's {@link ClassPack}
 * (under {@code inst/}, which no application class loader reads) and its resources from {@code
 * inst/}. Its parent is the platform class loader: the agent sees the JDK and the bootstrap bridge,
 * never the application. In extension mode it also sees the OpenTelemetry Java agent's API, in
 * place of our relocated copy ({@link ApiRemapping}).
 */
public final class AgentClassLoader extends ClassLoader {

  static final String PREFIX = "inst/";

  static {
    registerAsParallelCapable();
  }

  private final JarFile jar;
  private final String jarUrl;
  private final boolean otelAgentApi;
  private final ClassPack classes;
  private final ClassPackUrls classUrls;

  public AgentClassLoader(File agentJar) throws IOException {
    this(agentJar, false);
  }

  /** {@code otelAgentApi}: extension mode, the OpenTelemetry agent's API replaces ours. */
  public AgentClassLoader(File agentJar, boolean otelAgentApi) throws IOException {
    super("wsaudit-agent", ClassLoader.getPlatformClassLoader());
    this.jar = new JarFile(agentJar, false);
    this.jarUrl = "jar:" + agentJar.toURI() + "!/";
    this.otelAgentApi = otelAgentApi;
    this.classes = ClassPack.open(jar);
    this.classUrls = new ClassPackUrls(classes);
  }

  /**
   * In extension mode a relocated API name (asked for by code not remapped, such as a family's
   * linked classes) resolves to the OpenTelemetry agent's class, never to a second copy.
   */
  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    String agentApi = otelAgentApi ? ApiRemapping.mappedClassName(name) : null;
    if (agentApi != null) {
      return Class.forName(agentApi, false, null);
    }
    return super.loadClass(name, resolve);
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    byte[] bytes;
    try {
      bytes = classes.read(name.replace('.', '/'));
    } catch (IOException e) {
      throw new ClassNotFoundException(name, e);
    }
    if (bytes == null) {
      throw new ClassNotFoundException(name);
    }
    if (otelAgentApi) {
      try {
        bytes = ApiRemapping.remap(bytes);
      } catch (IOException e) {
        throw new ClassNotFoundException(name, e);
      }
    }
    int dot = name.lastIndexOf('.');
    if (dot > 0) {
      String pkg = name.substring(0, dot);
      if (getDefinedPackage(pkg) == null) {
        try {
          definePackage(pkg, null, null, null, null, null, null, null);
        } catch (IllegalArgumentException alreadyDefinedByAnotherThread) {
          // fine
        }
      }
    }
    return defineClass(name, bytes, 0, bytes.length);
  }

  /**
   * Resources map into {@code inst/}; {@code .class} files (ByteBuddy reads advice templates so)
   * come from the pack.
   */
  @Override
  protected URL findResource(String name) {
    try {
      if (name.endsWith(".class")) {
        String path = name.substring(0, name.length() - ".class".length());
        return classes.contains(path) ? classUrls.of(path) : null;
      }
      return jar.getJarEntry(PREFIX + name) == null ? null : new URL(jarUrl + PREFIX + name);
    } catch (MalformedURLException e) {
      return null;
    }
  }

  @Override
  protected Enumeration<URL> findResources(String name) {
    URL url = findResource(name);
    return url == null
        ? Collections.emptyEnumeration()
        : Collections.enumeration(Collections.singleton(url));
  }
}
