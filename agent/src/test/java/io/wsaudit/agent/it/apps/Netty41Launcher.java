package io.wsaudit.agent.it.apps;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@link NettyEchoApp} against the Netty jars in the directory named by {@code -Dnetty.jars} (Netty 4.1),
 * in a class loader that does not see the Netty 4.2 jars on the class path.
 */
public final class Netty41Launcher {

  public static void main(String[] args) throws Exception {
    List<URL> urls = new ArrayList<>();
    File[] jars = new File(System.getProperty("netty.jars")).listFiles((d, n) -> n.endsWith(".jar"));
    if (jars == null || jars.length == 0) {
      throw new IllegalStateException("no Netty jars in " + System.getProperty("netty.jars"));
    }
    for (File jar : jars) {
      urls.add(jar.toURI().toURL());
    }
    urls.add(Netty41Launcher.class.getProtectionDomain().getCodeSource().getLocation());
    ClassLoader loader = new URLClassLoader("netty-4.1", urls.toArray(new URL[0]),
        ClassLoader.getPlatformClassLoader());
    Thread.currentThread().setContextClassLoader(loader);
    Class.forName(NettyEchoApp.class.getName(), true, loader).getMethod("main", String[].class)
        .invoke(null, (Object) args);
  }

  private Netty41Launcher() {}
}
