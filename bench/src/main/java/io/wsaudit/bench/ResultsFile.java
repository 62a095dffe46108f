package io.wsaudit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@code RESULTS.md} is written by two halves run apart: the agent half rewrites the whole file,
 * the operator half only its section between two markers. Each keeps what the other wrote.
 */
public final class ResultsFile {

  public static final String OPERATOR_BEGIN = "<!-- operator-bench:begin -->";
  public static final String OPERATOR_END = "<!-- operator-bench:end -->";

  private ResultsFile() {}

  /**
   * Writes the agent half's markdown, keeping the operator section already in the file (at the
   * end).
   */
  public static void writeAgentHalf(Path out, String md) throws IOException {
    String operator = operatorSection(out);
    write(out, operator.isEmpty() ? md : md.stripTrailing() + "\n\n" + operator);
  }

  /** Replaces the operator section in the file, or appends it; everything else stays. */
  public static void writeOperatorSection(Path out, String section) throws IOException {
    String marked = OPERATOR_BEGIN + "\n" + section.strip() + "\n" + OPERATOR_END + "\n";
    String md = Files.isRegularFile(out) ? Files.readString(out) : "";
    int b = md.indexOf(OPERATOR_BEGIN);
    int e = md.indexOf(OPERATOR_END);
    String result;
    if (b >= 0 && e > b) {
      String after = md.substring(e + OPERATOR_END.length());
      result = md.substring(0, b) + marked + (after.startsWith("\n") ? after.substring(1) : after);
    } else {
      result = md.isEmpty() ? marked : md.stripTrailing() + "\n\n" + marked;
    }
    write(out, result);
  }

  /** The marked operator section of the file with its markers, or "". */
  public static String operatorSection(Path file) {
    try {
      String md = Files.readString(file);
      int b = md.indexOf(OPERATOR_BEGIN);
      int e = md.indexOf(OPERATOR_END);
      return b >= 0 && e > b ? md.substring(b, e + OPERATOR_END.length()) + "\n" : "";
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
