package io.wsaudit.agent.it.apps;

import io.wsaudit.testkit.apps.AppSupport;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Runs a test application against another version of its server library: {@code args[0]} is the
 * library jar, {@code args[1]} the application's main class, the rest its arguments. The
 * application's classes, the test kit's app support and slf4j come from this class path; the
 * library comes only from the given jar (a loader whose parent is the platform loader).
 */
public final class IsolatedLauncher {

  private IsolatedLauncher() {}

  public static void main(String[] args) throws Exception {
    URL library = Path.of(args[0]).toUri().toURL();
    URL appClasses = IsolatedLauncher.class.getProtectionDomain().getCodeSource().getLocation();
    URL slf4j =
        Class.forName("org.slf4j.LoggerFactory")
            .getProtectionDomain()
            .getCodeSource()
            .getLocation();
    URL testkit = AppSupport.class.getProtectionDomain().getCodeSource().getLocation();
    URLClassLoader loader =
        new URLClassLoader(
            "isolated-app",
            new URL[] {library, appClasses, testkit, slf4j},
            ClassLoader.getPlatformClassLoader());
    Thread.currentThread().setContextClassLoader(loader);
    Class<?> main = Class.forName(args[1], true, loader);
    Method m = main.getMethod("main", String[].class);
    m.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
  }
}
