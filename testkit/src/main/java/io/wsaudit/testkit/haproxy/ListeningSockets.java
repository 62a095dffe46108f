package io.wsaudit.testkit.haproxy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Whether a process still holds a listening TCP socket, read from Linux's {@code /proc}: the inodes
 * of sockets in state LISTEN ({@code 0A} in {@code /proc/net/tcp} and {@code tcp6}) against the
 * {@code socket:[inode]} links in {@code /proc/PID/fd}. A reloaded haproxy's old process keeps
 * listening until the new one has bound and signalled it; only then do new connections all reach
 * the new configuration.
 */
final class ListeningSockets {

  private ListeningSockets() {}

  /** True when {@code pid} holds a listening socket; false when it holds none or has exited. */
  static boolean held(long pid) {
    Set<String> listening = listeningInodes();
    Path fds = Path.of("/proc", Long.toString(pid), "fd");
    try (Stream<Path> links = Files.list(fds)) {
      return links.anyMatch(fd -> listening.contains(socketInode(fd)));
    } catch (IOException | RuntimeException gone) {
      return false;
    }
  }

  private static String socketInode(Path fd) {
    try {
      String target = Files.readSymbolicLink(fd).toString();
      return target.startsWith("socket:[") ? target.substring(8, target.length() - 1) : "";
    } catch (IOException gone) {
      return "";
    }
  }

  private static Set<String> listeningInodes() {
    Set<String> out = new HashSet<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      try {
        for (String line : Files.readAllLines(Path.of(table))) {
          String[] f = line.trim().split("\\s+");
          // sl local_address rem_address st tx:rx tr:tm retrnsmt uid timeout inode
          if (f.length > 9 && "0A".equals(f[3])) {
            out.add(f[9]);
          }
        }
      } catch (IOException absent) {
        // no IPv6 table, or not Linux: nothing listens there
      }
    }
    return out;
  }
}
