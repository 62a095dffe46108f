package io.wsaudit.agent;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * The {@code -javaagent} entry point. It only puts the bootstrap bridge on the bootstrap class path
 * and hands over to {@code io.wsaudit.agent.bootstrap.AgentStarter}; it must reference JDK types
 * only, or the class verifier would load our classes through the application class loader before
 * the bootstrap loader can see them.
 */
public final class WsAuditAgent {

  private static final String BRIDGE = "io/wsaudit/agent/bootstrap/";

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
      appendBridge(jar, inst);
      Class<?> starter = Class.forName("io.wsaudit.agent.bootstrap.AgentStarter", true, null);
      starter
          .getMethod("start", String.class, Instrumentation.class, File.class)
          .invoke(null, args, inst, jar);
    } catch (Throwable t) {
      // The application must start whatever happens to us: one line, no stack trace.
      System.err.println("[wsaudit] agent disabled: " + t);
    }
  }

  /**
   * Puts only the bridge ({@code io.wsaudit.agent.bootstrap}) on the bootstrap class path, copied
   * into a temporary jar: the whole agent jar there would show its {@code META-INF/services} entry
   * for the OpenTelemetry agent to every service lookup in the JVM (an application's own SDK
   * autoconfiguration included), and the bootstrap loader cannot load that provider. If the copy
   * cannot be written, the whole jar goes there as before.
   */
  public static void appendBridge(File agentJar, Instrumentation inst) throws IOException {
    try (JarFile jar = new JarFile(agentJar, false)) {
      File bridge;
      try {
        bridge = writeBridge(jar);
      } catch (IOException e) {
        inst.appendToBootstrapClassLoaderSearch(new JarFile(agentJar, false));
        return;
      }
      inst.appendToBootstrapClassLoaderSearch(new JarFile(bridge, false));
    }
  }

  private static File writeBridge(JarFile jar) throws IOException {
    File bridge = Files.createTempFile("wsaudit-bridge", ".jar").toFile();
    bridge.deleteOnExit();
    try (OutputStream file = Files.newOutputStream(bridge.toPath());
        JarOutputStream out = new JarOutputStream(file)) {
      for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
        JarEntry entry = e.nextElement();
        if (!entry.getName().startsWith(BRIDGE) || entry.isDirectory()) {
          continue;
        }
        out.putNextEntry(new JarEntry(entry.getName()));
        try (InputStream in = jar.getInputStream(entry)) {
          in.transferTo(out);
        }
        out.closeEntry();
      }
    }
    return bridge;
  }
}
