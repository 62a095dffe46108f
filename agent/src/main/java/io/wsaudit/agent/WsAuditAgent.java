package io.wsaudit.agent;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.util.jar.JarFile;

/**
 * The {@code -javaagent} entry point. It only puts the agent jar on the bootstrap class path and
 * hands over to {@code io.wsaudit.agent.bootstrap.AgentStarter}; it must reference JDK types only,
 * or the class verifier would load our classes through the application class loader before the
 * bootstrap loader can see them.
 */
public final class WsAuditAgent {

  private WsAuditAgent() {}

  public static void premain(String args, Instrumentation inst) {
    start(args, inst);
  }

  public static void agentmain(String args, Instrumentation inst) {
    start(args, inst);
  }

  private static void start(String args, Instrumentation inst) {
    try {
      File jar =
          new File(WsAuditAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      JarFile jarFile = new JarFile(jar, false);
      inst.appendToBootstrapClassLoaderSearch(jarFile);
      Class<?> starter = Class.forName("io.wsaudit.agent.bootstrap.AgentStarter", true, null);
      starter
          .getMethod("start", String.class, Instrumentation.class, File.class)
          .invoke(null, args, inst, jar);
    } catch (Throwable t) {
      // The application must start whatever happens to us: one line, no stack trace.
      System.err.println("[wsaudit] agent disabled: " + t);
    }
  }
}
