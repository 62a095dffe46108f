package io.wsaudit.agent.pack;

import io.wsaudit.agent.bootstrap.ClassPack;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Build time only (never in the agent jar): turns the agent layout's {@code inst/**.classdata}
 * files into a {@link ClassPack}, slimming the relocated libraries' classes on the way ({@link
 * LibraryClassSlimmer}). The pack goes into a zip of its own, stored, for the jar task to copy with
 * its compression kept; the index is written beside the layout's other resources.
 */
public final class ClassPackWriter {

  private static final String SUFFIX = ".classdata";

  private ClassPackWriter() {}

  /** {@code layoutDir packZip}: packs and then deletes the layout's class files. */
  public static void main(String[] args) throws IOException {
    Path layout = Path.of(args[0]);
    Map<String, byte[]> classes = read(layout);
    write(classes, layout.resolve(ClassPack.INDEX_ENTRY), Path.of(args[1]));
    for (String name : classes.keySet()) {
      Files.delete(layout.resolve("inst/" + name + SUFFIX));
    }
    System.out.println("[wsaudit] packed " + classes.size() + " classes into " + args[1]);
  }

  /** The layout's classes by '/'-separated name, libraries slimmed, sorted by name. */
  static Map<String, byte[]> read(Path layout) throws IOException {
    Path inst = layout.resolve("inst");
    List<Path> files = new ArrayList<>();
    try (Stream<Path> all = Files.walk(inst)) {
      all.filter(p -> p.toString().endsWith(SUFFIX)).forEach(files::add);
    }
    Map<String, byte[]> classes = new TreeMap<>();
    for (Path file : files) {
      String rel = inst.relativize(file).toString().replace('\\', '/');
      String name = rel.substring(0, rel.length() - SUFFIX.length());
      classes.put(name, LibraryClassSlimmer.slim(name, Files.readAllBytes(file)));
    }
    return classes;
  }

  /** Writes the index to {@code indexFile} and the pack, stored, into the zip {@code packZip}. */
  public static void write(Map<String, byte[]> sortedClasses, Path indexFile, Path packZip)
      throws IOException {
    byte[] dictionary = PackDictionary.of(sortedClasses.values());
    ByteArrayOutputStream pack = new ByteArrayOutputStream();
    ByteArrayOutputStream indexBytes = new ByteArrayOutputStream();
    DataOutputStream index = new DataOutputStream(indexBytes);
    index.writeInt(ClassPack.MAGIC);
    index.writeInt(ClassPack.VERSION);
    index.writeInt(dictionary.length);
    index.write(dictionary);
    index.writeInt(sortedClasses.size());
    // Names first, then the lengths: each column compresses better on its own. Offsets are implied.
    for (String name : sortedClasses.keySet()) {
      index.writeUTF(name);
    }
    for (byte[] classFile : sortedClasses.values()) {
      byte[] packed = deflate(classFile, dictionary);
      index.writeInt(packed.length);
      index.writeInt(classFile.length);
      pack.write(packed);
    }
    index.flush();
    Files.createDirectories(indexFile.getParent());
    Files.write(indexFile, indexBytes.toByteArray());
    writeStored(packZip, ClassPack.PACK_ENTRY, pack.toByteArray());
  }

  private static byte[] deflate(byte[] bytes, byte[] dictionary) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
    try {
      deflater.setDictionary(dictionary);
      deflater.setInput(bytes);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 2 + 64);
      byte[] buf = new byte[8192];
      while (!deflater.finished()) {
        out.write(buf, 0, deflater.deflate(buf));
      }
      return out.toByteArray();
    } finally {
      deflater.end();
    }
  }

  private static void writeStored(Path zip, String name, byte[] bytes) throws IOException {
    Files.createDirectories(zip.toAbsolutePath().getParent());
    CRC32 crc = new CRC32();
    crc.update(bytes);
    ZipEntry entry = new ZipEntry(name);
    entry.setMethod(ZipEntry.STORED);
    entry.setSize(bytes.length);
    entry.setCompressedSize(bytes.length);
    entry.setCrc(crc.getValue());
    try (OutputStream file = Files.newOutputStream(zip);
        ZipOutputStream out = new ZipOutputStream(file)) {
      out.putNextEntry(entry);
      out.write(bytes);
      out.closeEntry();
    }
  }
}
