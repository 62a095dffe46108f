package io.wsaudit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * {@code RESULTS.md} is written by parts run apart: the agent half rewrites the whole file, the
 * operator half and the proxy-log ingestion each only their section between two markers. Each keeps
 * what the others wrote.
 */
public final class ResultsFile {

  /** A marked section of the file, written by one part alone. */
  public record Section(String begin, String end) {}

  public static final Section OPERATOR =
      new Section("<!-- operator-bench:begin -->", "<!-- operator-bench:end -->");
  public static final Section PROXY_LOGS =
      new Section("<!-- proxy-log-bench:begin -->", "<!-- proxy-log-bench:end -->");
  public static final String OPERATOR_BEGIN = OPERATOR.begin();
  public static final String OPERATOR_END = OPERATOR.end();

  /** In the order they follow the agent half. */
  private static final List<Section> SECTIONS = List.of(OPERATOR, PROXY_LOGS);

  private ResultsFile() {}

  /**
   * Writes the agent half's markdown, keeping the marked sections already in the file (at the end).
   */
  public static void writeAgentHalf(Path out, String md) throws IOException {
    StringBuilder kept = new StringBuilder();
    for (Section s : SECTIONS) {
      String marked = section(out, s);
      if (!marked.isEmpty()) {
        kept.append(kept.isEmpty() ? "" : "\n").append(marked);
      }
    }
    write(out, kept.isEmpty() ? md : md.stripTrailing() + "\n\n" + kept);
  }

  public static void writeOperatorSection(Path out, String section) throws IOException {
    writeSection(out, OPERATOR, section);
  }

  /** Replaces one marked section in the file, or appends it; everything else stays. */
  public static void writeSection(Path out, Section s, String section) throws IOException {
    String marked = s.begin() + "\n" + section.strip() + "\n" + s.end() + "\n";
    String md = Files.isRegularFile(out) ? Files.readString(out) : "";
    int b = md.indexOf(s.begin());
    int e = md.indexOf(s.end());
    String result;
    if (b >= 0 && e > b) {
      String after = md.substring(e + s.end().length());
      result = md.substring(0, b) + marked + (after.startsWith("\n") ? after.substring(1) : after);
    } else {
      result = md.isEmpty() ? marked : md.stripTrailing() + "\n\n" + marked;
    }
    write(out, result);
  }

  /** One marked section of the file with its markers, or "". */
  public static String section(Path file, Section s) {
    try {
      String md = Files.readString(file);
      int b = md.indexOf(s.begin());
      int e = md.indexOf(s.end());
      return b >= 0 && e > b ? md.substring(b, e + s.end().length()) + "\n" : "";
    } catch (IOException e) {
      return "";
    }
  }

  private static void write(Path out, String md) throws IOException {
    Path dir = out.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".results", ".md");
    Files.writeString(tmp, md);
    Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
