package io.wsaudit.e2e.nginx;

import java.util.List;

/**
 * The parts of nginx.conf every model writes the same way, which are the test harness's rather than
 * any controller's: the header naming the model and generation, the process settings for a run in a
 * directory of its own, the temp paths, and the probe location that answers with the generation so
 * that a reload can be awaited ({@link ServedGeneration}).
 */
public final class ModelFrame {

  /** The first line's start; a change of generation alone changes only that line and the probe. */
  public static final String HEADER = "# Rendered by ";

  /** The {@code *_temp_path} directives, in order: module, directory suffix. */
  private static final String[][] TEMP_PATHS = {
    {"client_body", "body"},
    {"proxy", "proxy"},
    {"fastcgi", "fastcgi"},
    {"uwsgi", "uwsgi"},
    {"scgi", "scgi"}
  };

  private ModelFrame() {}

  /**
   * From the header to {@code http {}: the model, the process settings, the error log at {@code
   * errorLogLevel}, then {@code mainDirectives} (each a full line without indentation).
   */
  public static void open(
      StringBuilder c,
      Class<?> model,
      String proxy,
      ModelRuntime rt,
      String errorLogLevel,
      List<String> mainDirectives) {
    c.append(HEADER)
        .append(model.getName())
        .append(" (a model of ")
        .append(proxy)
        .append(", generation ")
        .append(rt.generation())
        .append(")\n");
    if (rt.runAsRoot()) {
      c.append("user root;\n");
    }
    c.append("daemon off;\nworker_processes 1;\n")
        .append("pid ")
        .append(rt.dir().resolve("nginx.pid"))
        .append(";\n")
        .append("error_log ")
        .append(rt.dir().resolve("error.log"))
        .append(" ")
        .append(errorLogLevel)
        .append(";\n");
    mainDirectives.forEach(d -> c.append(d).append('\n'));
    c.append("events { worker_connections 256; }\n").append("http {\n");
  }

  /** Each module that may buffer to disk gets a directory of this run's own. */
  public static void tempPaths(StringBuilder c, ModelRuntime rt) {
    for (String[] t : TEMP_PATHS) {
      c.append("  ")
          .append(t[0])
          .append("_temp_path ")
          .append(rt.dir().resolve("tmp-" + t[1]))
          .append(";\n");
    }
  }

  /**
   * The probe location for the default server; it stays out of the access log, as the controllers'
   * internal locations do.
   */
  public static void generationProbe(StringBuilder c, ModelRuntime rt) {
    c.append("    location = ")
        .append(ServedGeneration.PATH)
        .append(" { access_log off; return 200 \"")
        .append(rt.generation())
        .append("\\n\"; }\n");
  }
}
