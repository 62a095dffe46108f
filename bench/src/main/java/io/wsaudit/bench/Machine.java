package io.wsaudit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** What both halves of the bench say about the machine, and their progress log. */
public final class Machine {

  private Machine() {}

  /** {@code /proc/loadavg} as it reads, or "n/a". */
  public static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "n/a";
    }
  }

  /** The first "model name" of {@code /proc/cpuinfo}. */
  public static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("unknown CPU");
    } catch (IOException e) {
      return "unknown CPU";
    }
  }

  /**
   * The opening both halves of {@code RESULTS.md} share: who wrote it in which mode, when, and the
   * start of the machine line ({@code "- machine: N CPUs (model)"}), which the caller goes on with.
   */
  public static void header(
      StringBuilder md,
      String command,
      String mode,
      String quickNote,
      Instant started,
      Instant finished) {
    md.append("Written by `")
        .append(command)
        .append("`; **mode: ")
        .append(mode)
        .append("**")
        .append("quick".equals(mode) ? quickNote : "")
        .append(".\n\n");
    md.append("- date: ")
        .append(started.truncatedTo(ChronoUnit.SECONDS))
        .append(" → ")
        .append(finished.truncatedTo(ChronoUnit.SECONDS))
        .append(" (UTC)\n");
    md.append("- machine: ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" CPUs (")
        .append(cpuModel())
        .append(")");
  }

  /** One progress line on stdout, time-stamped to the second. */
  public static void log(String line) {
    System.out.println(Instant.now().truncatedTo(ChronoUnit.SECONDS) + " " + line);
  }
}
