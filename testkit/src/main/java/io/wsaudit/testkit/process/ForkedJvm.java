package io.wsaudit.testkit.process;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A Java program in a JVM of its own (this JVM's {@code java}): a {@link ForkedProcess} whose child
 * starts with no {@code JAVA_TOOL_OPTIONS}, no {@code OTEL_*} and no {@code WSAUDIT_*} variables of
 * ours: only what the caller sets.
 */
public final class ForkedJvm extends ForkedProcess {

  private ForkedJvm(String name, Process process, long startNanos, Consumer<String> onLine) {
    super(name, process, startNanos, onLine);
  }

  /** Describes a child JVM running {@code mainClass}; {@link Builder#start()} forks it. */
  public static Builder builder(String name, String mainClass) {
    return new Builder(name, List.of(mainClass));
  }

  /** Describes a child JVM running an executable jar ({@code java -jar}). */
  public static Builder jar(String name, Path jar) {
    return new Builder(name, List.of("-jar", jar.toString()));
  }

  /** What to fork. */
  public static final class Builder {
    private final String name;
    private final List<String> main;
    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private String classPath;
    private Path javaHome = Path.of(System.getProperty("java.home"));
    private Consumer<String> onLine = line -> {};

    private Builder(String name, List<String> main) {
      this.name = name;
      this.main = main;
    }

    public Builder jvmArgs(List<String> more) {
      jvmArgs.addAll(more);
      return this;
    }

    public Builder jvmArg(String arg) {
      jvmArgs.add(arg);
      return this;
    }

    public Builder args(List<String> more) {
      args.addAll(more);
      return this;
    }

    public Builder env(Map<String, String> more) {
      env.putAll(more);
      return this;
    }

    public Builder classPath(String cp) {
      this.classPath = cp;
      return this;
    }

    /** Another JDK (e.g. a Java 25 beside the default 17). */
    public Builder javaHome(Path home) {
      this.javaHome = home;
      return this;
    }

    /** Called on the reader thread for every line (e.g. to pick out a reported value). */
    public Builder onLine(Consumer<String> consumer) {
      this.onLine = consumer;
      return this;
    }

    public List<String> command() {
      List<String> command = new ArrayList<>();
      command.add(javaHome.resolve("bin").resolve("java").toString());
      command.addAll(jvmArgs);
      if (classPath != null) {
        command.add("-cp");
        command.add(classPath);
      }
      command.addAll(main);
      command.addAll(args);
      return command;
    }

    public ForkedJvm start() throws IOException {
      ProcessBuilder pb = new ProcessBuilder(command()).redirectErrorStream(true);
      pb.environment().remove("JAVA_TOOL_OPTIONS");
      pb.environment().keySet().removeIf(k -> k.startsWith("OTEL_") || k.startsWith("WSAUDIT_"));
      pb.environment().putAll(env);
      long start = System.nanoTime();
      return new ForkedJvm(name, pb.start(), start, onLine);
    }
  }
}
