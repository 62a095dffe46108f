package io.wsaudit.testkit.otlp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The complete lines appended to a file since the last read, as {@code tail -F} sees them: a file
 * that does not exist yet has none, a line without its newline waits for the rest, a file that
 * shrank (truncated or replaced) is read again from its start.
 */
final class FileTail {

  private final Path file;
  private long position;
  private final StringBuilder partial = new StringBuilder();

  FileTail(Path file) {
    this.file = file;
  }

  Path file() {
    return file;
  }

  /** Reads at most {@code maxBytes} new bytes and returns the lines they complete. */
  List<String> read(int maxBytes) throws IOException {
    List<String> lines = new ArrayList<>();
    if (!Files.isRegularFile(file)) {
      return lines;
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      if (ch.size() < position) {
        position = 0;
        partial.setLength(0);
      }
      ByteBuffer buf = ByteBuffer.allocate((int) Math.min(maxBytes, ch.size() - position));
      while (buf.hasRemaining() && ch.read(buf, position + buf.position()) > 0) {
        // reads until the buffer is full or the file ends
      }
      position += buf.position();
      // nginx writes ASCII and escapes the rest (\xHH), so a chunk never splits a character.
      partial.append(new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8));
    } catch (NoSuchFileException gone) {
      return lines;
    }
    int start = 0;
    for (int nl = partial.indexOf("\n"); nl >= 0; nl = partial.indexOf("\n", start)) {
      lines.add(partial.substring(start, nl));
      start = nl + 1;
    }
    partial.delete(0, start);
    return lines;
  }
}
