package io.wsaudit.operator.proxy.nginx.log;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * An nginx {@code log_format}, compiled into a template of literals and variables that reads the
 * lines nginx writes with it. A variable's value ends where the format's next literal begins, as
 * nginx wrote it: the first occurrence, except that a quote escaped by {@code escape=json} is not
 * one, the fixed-width times ({@code $time_local} has a space) are taken whole, and the upstream
 * lists ({@code $upstream_addr} {@code 10.0.0.5:8080, 10.0.0.6:8080 : 10.0.0.7:8080}) run on over
 * their ", " and " : ". No regex, no backtracking: one forward pass of {@code indexOf} per line.
 *
 * <p>A client cannot forge a field through a header under {@code escape=default} or {@code json}:
 * nginx escapes the quote a forged value would need. Under {@code escape=none} it can, when the
 * format's literal is text a header may hold. Instances are immutable and thread-safe.
 *
 * <p>Variables are read as nginx does ({@code src/http/modules/ngx_http_log_module.c}, {@code
 * ngx_http_log_compile_format}): {@code $name} or {@code ${name}}, names of letters, digits and
 * {@code _}.
 */
public final class AccessLogFormat {

  /** Longer lines are {@link LogParse#TOO_LONG}, unscanned: no real access line is near it. */
  public static final int MAX_LINE = 16 * 1024;

  /** nginx {@code log_format name escape=…}: how values were escaped when written. */
  public enum Escape {
    DEFAULT,
    JSON,
    NONE
  }

  private final String format;
  private final Escape escape;

  /** {@code literals[i]} comes before variable i; the last one ends the line (may be ""). */
  private final String[] literals;

  /** The field each variable gives, null for one that is matched and ignored. */
  private final Field[] fields;

  /** Whether each variable is an upstream list (its value has ", " and " : "). */
  private final boolean[] lists;

  private final Set<LogSignal> missing;

  private AccessLogFormat(
      String format, Escape escape, List<String> literals, List<String> variables) {
    this.format = format;
    this.escape = escape;
    this.literals = literals.toArray(String[]::new);
    this.fields = new Field[variables.size()];
    this.lists = new boolean[variables.size()];
    EnumSet<LogSignal> covered = EnumSet.noneOf(LogSignal.class);
    for (int i = 0; i < fields.length; i++) {
      fields[i] = Field.of(variables.get(i));
      lists[i] = Field.isList(variables.get(i));
      if (fields[i] != null && fields[i].signal != null) {
        covered.add(fields[i].signal);
      }
    }
    this.missing = Collections.unmodifiableSet(EnumSet.complementOf(covered));
  }

  /**
   * Compiles a format as nginx would, and checks that its lines can be read back.
   *
   * @param escape the format's {@code escape=}; null is {@link Escape#DEFAULT}, nginx's default
   * @throws IllegalArgumentException saying what to change, when nginx would reject the format or
   *     when its lines cannot be split reliably (two variables with no text between them)
   */
  public static AccessLogFormat compile(String format, Escape escape) {
    if (format == null || format.isBlank()) {
      throw new IllegalArgumentException("the format is empty");
    }
    List<String> literals = new ArrayList<>();
    List<String> variables = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < format.length()) {
      char c = format.charAt(i);
      if (c != '$') {
        literal.append(c);
        i++;
        continue;
      }
      int at = i++;
      boolean bracket = i < format.length() && format.charAt(i) == '{';
      if (bracket) {
        i++;
      }
      int nameStart = i;
      while (i < format.length() && isNameChar(format.charAt(i))) {
        i++;
      }
      String name = format.substring(nameStart, i);
      if (bracket) {
        if (i >= format.length() || format.charAt(i) != '}') {
          throw new IllegalArgumentException(
              "the closing '}' of \"${" + name + "\" (at " + at + ") is missing");
        }
        i++;
      }
      if (name.isEmpty()) {
        throw new IllegalArgumentException(
            "the '$' at "
                + at
                + " is not followed by a variable name of letters, digits and"
                + " '_' (nginx rejects it too)");
      }
      if (!variables.isEmpty() && literal.length() == 0) {
        throw new IllegalArgumentException(
            "$"
                + variables.get(variables.size() - 1)
                + " and $"
                + name
                + " follow each other with nothing between them, so a line cannot tell where"
                + " one ends: put a space, a quote or other text between them");
      }
      literals.add(literal.toString());
      literal.setLength(0);
      variables.add(name);
    }
    literals.add(literal.toString());
    return new AccessLogFormat(
        format, escape == null ? Escape.DEFAULT : escape, literals, variables);
  }

  private static boolean isNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }

  /** Reads one line written with this format. Never throws. */
  public LogParse parse(String line) {
    if (line == null) {
      return Rejections.EMPTY;
    }
    if (line.length() > MAX_LINE) {
      return Rejections.TOO_LONG;
    }
    int len = line.length();
    while (len > 0 && (line.charAt(len - 1) == '\n' || line.charAt(len - 1) == '\r')) {
      len--;
    }
    if (len == 0 || (Character.isWhitespace(line.charAt(0)) && line.substring(0, len).isBlank())) {
      return Rejections.EMPTY;
    }
    if (!line.startsWith(literals[0])) {
      return Rejections.FORMAT_MISMATCH;
    }
    EntryDraft draft = new EntryDraft(line, escape);
    int pos = literals[0].length();
    for (int v = 0; v < fields.length; v++) {
      String next = literals[v + 1];
      int end = v == fields.length - 1 ? lastEnd(line, pos, len, next) : end(line, pos, len, v);
      if (end < 0) {
        return Rejections.FORMAT_MISMATCH;
      }
      if (fields[v] != null) {
        String bad = draft.take(fields[v], pos, end);
        if (bad != null) {
          return Rejections.of(bad);
        }
      }
      pos = end + next.length();
    }
    if (fields.length == 0 && len != literals[0].length()) {
      return Rejections.FORMAT_MISMATCH;
    }
    return new LogParse.Parsed(draft.entry());
  }

  /** The last variable runs to the literal that ends the line. */
  private static int lastEnd(String line, int pos, int len, String last) {
    int end = len - last.length();
    return end >= pos && line.startsWith(last, end) ? end : -1;
  }

  /** Where variable {@code v}'s value, starting at {@code pos}, ends; -1 if it does not. */
  private int end(String line, int pos, int len, int v) {
    String next = literals[v + 1];
    Field f = fields[v];
    if (f != null && f.width > 0 && pos + f.width <= len && line.startsWith(next, pos + f.width)) {
      return pos + f.width;
    }
    boolean listSkip = lists[v] && next.charAt(0) == ' ';
    boolean jsonQuote = escape == Escape.JSON && next.charAt(0) == '"';
    int at = line.indexOf(next, pos);
    while (at >= 0 && at + next.length() <= len) {
      if (listSkip && at > pos && line.charAt(at - 1) == ',') {
        at = line.indexOf(next, at + 1);
      } else if (listSkip && line.startsWith(" : ", at)) {
        at = line.indexOf(next, at + 3);
      } else if (jsonQuote && escaped(line, pos, at)) {
        at = line.indexOf(next, at + 1);
      } else {
        return at;
      }
    }
    return -1;
  }

  /** An odd run of backslashes before {@code at}: {@code escape=json} wrote {@code \"}. */
  private static boolean escaped(String line, int from, int at) {
    int n = 0;
    for (int i = at - 1; i >= from && line.charAt(i) == '\\'; i--) {
      n++;
    }
    return n % 2 == 1;
  }

  /** The signals none of whose variables this format names (see {@link LogSignal#variable()}). */
  public Set<LogSignal> missing() {
    return missing;
  }

  /** The format as given. */
  public String format() {
    return format;
  }

  public Escape escape() {
    return escape;
  }

  @Override
  public String toString() {
    return "AccessLogFormat[" + escape + " " + format + "]";
  }

  /** One instance per reason: a flood of bad lines allocates nothing. */
  private static final class Rejections {
    static final LogParse.Unparsed EMPTY = new LogParse.Unparsed(LogParse.EMPTY);
    static final LogParse.Unparsed TOO_LONG = new LogParse.Unparsed(LogParse.TOO_LONG);
    static final LogParse.Unparsed FORMAT_MISMATCH =
        new LogParse.Unparsed(LogParse.FORMAT_MISMATCH);
    static final LogParse.Unparsed BAD_TIME = new LogParse.Unparsed(LogParse.BAD_TIME);
    static final LogParse.Unparsed BAD_NUMBER = new LogParse.Unparsed(LogParse.BAD_NUMBER);

    static LogParse.Unparsed of(String reason) {
      return LogParse.BAD_TIME.equals(reason) ? BAD_TIME : BAD_NUMBER;
    }
  }
}
