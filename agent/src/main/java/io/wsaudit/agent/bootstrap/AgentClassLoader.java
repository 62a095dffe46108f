package io.wsaudit.agent.bootstrap;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads the agent's own classes and its relocated libraries from {@code inst/} in the agent jar,
 * where they are stored as {@code .classdata} so that no application class loader can load them.
 * Its parent is the platform class loader: the agent sees the JDK and the bootstrap bridge, never
 * the application. In extension mode it also sees the OpenTelemetry Java agent's API, in place of
 * our relocated copy ({@link ApiRemapping}).
 */
public final class AgentClassLoader extends ClassLoader {

  static final String PREFIX = "inst/";

  static {
    registerAsParallelCapable();
  }

  private final JarFile jar;
  private final String jarUrl;
  private final boolean otelAgentApi;

  public AgentClassLoader(File agentJar) throws IOException {
    this(agentJar, false);
  }

  /** {@code otelAgentApi}: extension mode, the OpenTelemetry agent's API replaces ours. */
  public AgentClassLoader(File agentJar, boolean otelAgentApi) throws IOException {
    super("wsaudit-agent", ClassLoader.getPlatformClassLoader());
    this.jar = new JarFile(agentJar, false);
    this.jarUrl = "jar:" + agentJar.toURI() + "!/";
    this.otelAgentApi = otelAgentApi;
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
    JarEntry entry = jar.getJarEntry(PREFIX + name.replace('.', '/') + ".classdata");
    if (entry == null) {
      throw new ClassNotFoundException(name);
    }
    byte[] bytes;
    try (InputStream in = jar.getInputStream(entry)) {
      bytes = in.readAllBytes();
      if (otelAgentApi) {
        bytes = ApiRemapping.remap(bytes);
      }
    } catch (IOException e) {
      throw new ClassNotFoundException(name, e);
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
   * Resources, including {@code .class} files that ByteBuddy reads as advice templates, map into
   * {@code inst/}.
   */
  @Override
  protected URL findResource(String name) {
    String path =
        name.endsWith(".class")
            ? PREFIX + name.substring(0, name.length() - ".class".length()) + ".classdata"
            : PREFIX + name;
    if (jar.getJarEntry(path) == null) {
      return null;
    }
    try {
      return new URL(jarUrl + path);
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
