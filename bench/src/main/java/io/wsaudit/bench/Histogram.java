package io.wsaudit.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A class histogram of live objects ({@code jcmd <pid> GC.class_histogram}, which runs a full GC
 * first).
 */
public final class Histogram {

  private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

  /** class → {instances, bytes} */
  private final Map<String, long[]> rows;

  private Histogram(Map<String, long[]> rows) {
    this.rows = rows;
  }

  public static Histogram parse(String jcmdOutput) {
    Map<String, long[]> rows = new HashMap<>();
    for (String line : jcmdOutput.split("\n")) {
      Matcher m = ROW.matcher(line);
      if (m.find()) {
        // Lambda and hidden class names carry addresses that differ between JVMs: fold them.
        String name =
            m.group(3).replaceAll("\\$\\$Lambda.*", "\\$\\$Lambda").replaceAll("/0x[0-9a-f]+", "");
        rows.merge(
            name,
            new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))},
            (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
      }
    }
    return new Histogram(rows);
  }

  /** Runs jcmd against a live JVM, bounded to 60 s; null when it cannot. */
  public static Histogram of(long pid) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process p =
          new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram")
              .redirectErrorStream(true)
              .start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        return null;
      }
      return parse(new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Live bytes of all classes. */
  public long totalBytes() {
    return rows.values().stream().mapToLong(r -> r[1]).sum();
  }

  /** The classes holding the most live bytes: class, instances, bytes; largest first. */
  public List<Object[]> largest(int top) {
    List<Object[]> out = new ArrayList<>();
    rows.forEach((n, r) -> out.add(new Object[] {n, r[0], r[1]}));
    out.sort((x, y) -> Long.compare((long) y[2], (long) x[2]));
    return out.subList(0, Math.min(top, out.size()));
  }

  /** Per class, this minus other (instances and bytes may go negative). */
  public Histogram minus(Histogram other) {
    Map<String, long[]> out = new HashMap<>();
    Set<String> names = new HashSet<>(rows.keySet());
    names.addAll(other.rows.keySet());
    for (String n : names) {
      long[] a = rows.getOrDefault(n, new long[2]);
      long[] b = other.rows.getOrDefault(n, new long[2]);
      out.put(n, new long[] {a[0] - b[0], a[1] - b[1]});
    }
    return new Histogram(out);
  }

  /**
   * Markdown rows: the classes whose live bytes grew most from {@code base} to this, per held
   * connection.
   */
  public String diffTable(Histogram base, int connections, int top) {
    Set<String> names = new HashSet<>(rows.keySet());
    names.addAll(base.rows.keySet());
    List<Object[]> diffs = new ArrayList<>();
    long total = 0;
    for (String n : names) {
      long[] a = base.rows.getOrDefault(n, new long[2]);
      long[] b = rows.getOrDefault(n, new long[2]);
      diffs.add(new Object[] {n, b[0] - a[0], b[1] - a[1]});
      total += b[1] - a[1];
    }
    diffs.sort((x, y) -> Long.compare((long) y[2], (long) x[2]));
    StringBuilder out =
        new StringBuilder(
            "| class | instances / connection | bytes / connection |\n|---|---|---|\n");
    for (Object[] d : diffs.subList(0, Math.min(top, diffs.size()))) {
      out.append(
          String.format(
              Locale.ROOT,
              "| `%s` | %+.2f | %+.0f |\n",
              d[0],
              (long) d[1] / (double) connections,
              (long) d[2] / (double) connections));
    }
    out.append(
        String.format(Locale.ROOT, "| (all classes) | | %+.0f |\n", total / (double) connections));
    return out.toString();
  }
}
