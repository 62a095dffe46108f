package io.wsaudit.e2e;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A printed, timestamped account of a run: {@code +SS.mmm [kind] text}, relative to its start. */
public final class Timeline {

  /** One line of the timeline. */
  public record Entry(Instant at, String kind, String text) {}

  private final Instant start = Instant.now();
  private final PrintStream out;
  private final List<Entry> entries = new CopyOnWriteArrayList<>();

  public Timeline(PrintStream out) {
    this.out = out;
  }

  public void event(String kind, String text) {
    Instant now = Instant.now();
    entries.add(new Entry(now, kind, text));
    long ms = Duration.between(start, now).toMillis();
    synchronized (out) {
      String prefix = String.format("%+8.3fs  %-9s ", ms / 1000.0, "[" + kind + "]");
      String[] lines = text.split("\n");
      out.println(prefix + lines[0]);
      for (int i = 1; i < lines.length; i++) {
        out.println(" ".repeat(prefix.length()) + lines[i]);
      }
    }
  }

  public Instant start() {
    return start;
  }

  public List<Entry> entries() {
    return List.copyOf(entries);
  }

  public String elapsed(Instant at) {
    return String.format("+%.3fs", Duration.between(start, at).toMillis() / 1000.0);
  }
}
