package io.wsaudit.agent.it.apps;

import io.wsaudit.testkit.apps.netty.NettyEchoApp;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a test application ({@code -Dapp.main}, default {@link NettyEchoApp}) against the jars in
 * the directories named by {@code -Dnetty.jars} (path-separated: Netty 4.1, Reactor Netty 1.2), in
 * a class loader that does not see the Netty 4.2 / Reactor Netty 1.3 jars on the class path.
 */
public final class Netty41Launcher {

  public static void main(String[] args) throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String dir : System.getProperty("netty.jars").split(File.pathSeparator)) {
      File[] jars = new File(dir).listFiles((d, n) -> n.endsWith(".jar"));
      if (jars == null || jars.length == 0) {
        throw new IllegalStateException("no jars in " + dir);
      }
      for (File jar : jars) {
        urls.add(jar.toURI().toURL());
      }
    }
    // The apps: this module's test classes, and the test kit's (NettyEchoApp and its AppSupport).
    urls.add(Netty41Launcher.class.getProtectionDomain().getCodeSource().getLocation());
    urls.add(NettyEchoApp.class.getProtectionDomain().getCodeSource().getLocation());
    ClassLoader loader =
        new URLClassLoader(
            "netty-4.1", urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    Thread.currentThread().setContextClassLoader(loader);
    String main = System.getProperty("app.main", NettyEchoApp.class.getName());
    Class.forName(main, true, loader).getMethod("main", String[].class).invoke(null, (Object) args);
  }

  private Netty41Launcher() {}
}
