package io.wsaudit.agent.bootstrap;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipEntry;

/**
 * The agent's classes in the agent jar: one stored entry ({@link #PACK_ENTRY}) of classes deflated
 * one by one against a shared dictionary of the constant-pool strings most of them repeat, and a
 * deflated index ({@link #INDEX_ENTRY}) of their names and places. Against one zip entry per class
 * this saves the per-entry headers (two copies of each ~90-character name) and most of what every
 * small class would otherwise compress on its own, while any class can still be read alone. Written
 * at build time by {@code io.wsaudit.agent.pack.ClassPackWriter}. JDK types only.
 */
public final class ClassPack {

  public static final String PACK_ENTRY = AgentClassLoader.PREFIX + "classes.pack";
  public static final String INDEX_ENTRY = AgentClassLoader.PREFIX + "classes.idx";
  public static final int MAGIC = 0x57534150; // "WSAP"
  public static final int VERSION = 2;

  private final JarFile jar;
  private final JarEntry pack;
  private final byte[] dictionary;
  private final String[] names; // sorted, '/'-separated, without ".class"
  private final int[] offsets;
  private final int[] packedLengths;
  private final int[] lengths;

  private ClassPack(JarFile jar, JarEntry pack, DataInputStream index) throws IOException {
    this.jar = jar;
    this.pack = pack;
    if (index.readInt() != MAGIC || index.readInt() != VERSION) {
      throw new IOException(INDEX_ENTRY + " is not a version " + VERSION + " class index");
    }
    dictionary = new byte[index.readInt()];
    index.readFully(dictionary);
    int count = index.readInt();
    names = new String[count];
    offsets = new int[count];
    packedLengths = new int[count];
    lengths = new int[count];
    for (int i = 0; i < count; i++) {
      names[i] = index.readUTF();
    }
    int offset = 0;
    for (int i = 0; i < count; i++) {
      offsets[i] = offset;
      packedLengths[i] = index.readInt();
      lengths[i] = index.readInt();
      offset += packedLengths[i];
    }
  }

  /** The pack of {@code jar}; fails if it has none or if the pack is compressed a second time. */
  public static ClassPack open(JarFile jar) throws IOException {
    JarEntry pack = jar.getJarEntry(PACK_ENTRY);
    JarEntry index = jar.getJarEntry(INDEX_ENTRY);
    if (pack == null || index == null) {
      throw new IOException(jar.getName() + " has no " + PACK_ENTRY + " and " + INDEX_ENTRY);
    }
    // Deflated again, every read would inflate the pack from its start instead of seeking.
    if (pack.getMethod() != ZipEntry.STORED) {
      throw new IOException(PACK_ENTRY + " must be stored, not compressed");
    }
    try (InputStream in = jar.getInputStream(index)) {
      return new ClassPack(jar, pack, new DataInputStream(in));
    }
  }

  /** Whether the pack has the class whose '/'-separated name is {@code path} (no ".class"). */
  public boolean contains(String path) {
    return Arrays.binarySearch(names, path) >= 0;
  }

  /** The class file of {@code path} ('/'-separated, no ".class"), or null if the pack has none. */
  public byte[] read(String path) throws IOException {
    int i = Arrays.binarySearch(names, path);
    if (i < 0) {
      return null;
    }
    byte[] packed = new byte[packedLengths[i]];
    try (InputStream in = jar.getInputStream(pack)) {
      skipFully(in, offsets[i]);
      if (in.readNBytes(packed, 0, packed.length) != packed.length) {
        throw new IOException(PACK_ENTRY + " ends inside " + path);
      }
    }
    return inflate(path, packed, lengths[i]);
  }

  /** The names of every class in the pack, sorted. */
  public List<String> names() {
    return List.of(names);
  }

  /** A stream over the class file of {@code path}, for class-file resources. */
  InputStream open(String path) throws IOException {
    byte[] bytes = read(path);
    if (bytes == null) {
      throw new IOException("no class " + path + " in " + PACK_ENTRY);
    }
    return new ByteArrayInputStream(bytes);
  }

  private byte[] inflate(String path, byte[] packed, int length) throws IOException {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(packed);
      byte[] out = new byte[length];
      int n = 0;
      while (n < length && !inflater.finished()) {
        int got = inflater.inflate(out, n, length - n);
        if (got == 0 && inflater.needsDictionary()) {
          inflater.setDictionary(dictionary);
        } else if (got == 0 && inflater.needsInput()) {
          break;
        }
        n += got;
      }
      if (n != length || !inflater.finished()) {
        throw new IOException(path + " in " + PACK_ENTRY + " is damaged");
      }
      return out;
    } catch (DataFormatException e) {
      throw new IOException(path + " in " + PACK_ENTRY + " is damaged", e);
    } finally {
      inflater.end();
    }
  }

  private static void skipFully(InputStream in, long n) throws IOException {
    while (n > 0) {
      long skipped = in.skip(n);
      if (skipped <= 0) {
        throw new IOException(PACK_ENTRY + " is shorter than its index");
      }
      n -= skipped;
    }
  }
}
