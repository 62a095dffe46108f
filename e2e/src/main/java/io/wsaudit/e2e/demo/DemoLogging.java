package io.wsaudit.e2e.demo;

import java.util.List;

/** Turns the libraries' own logging down so that the demo's timeline stays readable. */
final class DemoLogging {

  private DemoLogging() {}

  static void quiet() {
    // The libraries' own logging would drown the timeline: operator INFO lines, Fabric8 and mock
    // server chatter.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    quietLogback();
  }

  private static void quietLogback() {
    try {
      Class<?> level = Class.forName("ch.qos.logback.classic.Level");
      for (String name :
          List.of(
              org.slf4j.Logger.ROOT_LOGGER_NAME,
              "io.wsaudit",
              "io.fabric8",
              "io.javaoperatorsdk")) {
        Object logger = org.slf4j.LoggerFactory.getLogger(name);
        // Fabric8 warns that v1alpha1 is an unstable API version: true, and not news to a demo
        // viewer.
        Object value = level.getField(name.equals("io.fabric8") ? "ERROR" : "WARN").get(null);
        logger.getClass().getMethod("setLevel", level).invoke(logger, value);
      }
    } catch (ReflectiveOperationException | RuntimeException ignored) {
      // another slf4j binding: leave it
    }
  }
}
