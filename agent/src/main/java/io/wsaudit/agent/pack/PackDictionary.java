package io.wsaudit.agent.pack;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.jar.asm.ClassReader;

/**
 * The preset DEFLATE dictionary of a {@code ClassPack}: the constant-pool strings (as encoded in a
 * class file: tag, length, bytes) that the most classes share, weighted by their length, within
 * DEFLATE's 32 KiB window. The most shared go last, where back-references to them are shortest.
 */
final class PackDictionary {

  static final int MAX_BYTES = 32 * 1024;

  /** A string fewer classes share saves less than it takes from the window. */
  static final int MIN_CLASSES = 4;

  private static final int UTF8 = 1;

  private PackDictionary() {}

  static byte[] of(Collection<byte[]> classFiles) {
    Map<String, Integer> classesWith = new HashMap<>();
    for (byte[] classFile : classFiles) {
      for (String s : utf8Constants(classFile)) {
        classesWith.merge(s, 1, Integer::sum);
      }
    }
    List<Map.Entry<String, Integer>> candidates = new ArrayList<>();
    for (Map.Entry<String, Integer> e : classesWith.entrySet()) {
      if (e.getValue() >= MIN_CLASSES) {
        candidates.add(e);
      }
    }
    // Deterministic: by saving, then by the string itself.
    candidates.sort(
        Comparator.comparingLong((Map.Entry<String, Integer> e) -> -saving(e))
            .thenComparing(Map.Entry::getKey));
    List<Map.Entry<String, Integer>> chosen = new ArrayList<>();
    int size = 0;
    for (Map.Entry<String, Integer> e : candidates) {
      if (size + e.getKey().length() <= MAX_BYTES) {
        chosen.add(e);
        size += e.getKey().length();
      }
    }
    chosen.sort(
        Comparator.comparingInt((Map.Entry<String, Integer> e) -> e.getValue())
            .thenComparing(Map.Entry::getKey));
    StringBuilder dictionary = new StringBuilder(size);
    chosen.forEach(e -> dictionary.append(e.getKey()));
    return dictionary.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static long saving(Map.Entry<String, Integer> e) {
    return (long) e.getValue() * e.getKey().length();
  }

  /** Each UTF-8 constant of the class file once, as its raw bytes (one char per byte). */
  private static Set<String> utf8Constants(byte[] classFile) {
    ClassReader reader = new ClassReader(classFile);
    Set<String> constants = new HashSet<>();
    for (int i = 1; i < reader.getItemCount(); i++) {
      int offset = reader.getItem(i);
      if (offset > 0 && classFile[offset - 1] == UTF8) {
        int length = ((classFile[offset] & 0xFF) << 8) | (classFile[offset + 1] & 0xFF);
        constants.add(new String(classFile, offset - 1, length + 3, StandardCharsets.ISO_8859_1));
      }
    }
    return constants;
  }
}
