package io.wsaudit.agent.bootstrap;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * In extension mode, points the agent's classes at the OpenTelemetry Java agent's API instead of
 * the copy relocated into our jar: every name under {@code io.wsaudit.agent.shaded.io.opentelemetry
 * .api} or {@code .context} becomes the name the OpenTelemetry agent gives its own API on the
 * bootstrap class path ({@code io.opentelemetry.javaagent.shaded.io.opentelemetry.api}, the rule
 * its {@code RemappingUrlConnection} applies to extensions, opentelemetry-java-instrumentation
 * javaagent-tooling). Our spans then start on the agent's tracer, in its context, and no SDK of
 * ours is built. Only the constant pool's UTF-8 entries change (class names, descriptors,
 * signatures, strings); JDK types only, as everything in this package.
 */
public final class ApiRemapping {

  static final String[][] RULES = {
    {
      "io/wsaudit/agent/shaded/io/opentelemetry/api/",
      "io/opentelemetry/javaagent/shaded/io/opentelemetry/api/"
    },
    {
      "io/wsaudit/agent/shaded/io/opentelemetry/context/",
      "io/opentelemetry/javaagent/shaded/io/opentelemetry/context/"
    },
    {
      "io.wsaudit.agent.shaded.io.opentelemetry.api.",
      "io.opentelemetry.javaagent.shaded.io.opentelemetry.api."
    },
    {
      "io.wsaudit.agent.shaded.io.opentelemetry.context.",
      "io.opentelemetry.javaagent.shaded.io.opentelemetry.context."
    },
  };

  private ApiRemapping() {}

  /** The OpenTelemetry agent's name for a relocated API class, or {@code null} for any other. */
  public static String mappedClassName(String name) {
    for (int i = 2; i < RULES.length; i++) {
      if (name.startsWith(RULES[i][0])) {
        return RULES[i][1] + name.substring(RULES[i][0].length());
      }
    }
    return null;
  }

  /** The class file with every relocated API name replaced; the rest byte for byte. */
  public static byte[] remap(byte[] classFile) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(classFile.length + 256);
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(in.readInt()); // magic
    out.writeInt(in.readInt()); // minor, major
    int count = in.readUnsignedShort();
    out.writeShort(count);
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      out.writeByte(tag);
      switch (tag) {
        case 1: // Utf8
          out.writeUTF(rename(in.readUTF()));
          break;
        case 7: // Class
        case 8: // String
        case 16: // MethodType
        case 19: // Module
        case 20: // Package
          out.writeShort(in.readUnsignedShort());
          break;
        case 15: // MethodHandle
          out.writeByte(in.readUnsignedByte());
          out.writeShort(in.readUnsignedShort());
          break;
        case 3: // Integer
        case 4: // Float
        case 9: // Fieldref
        case 10: // Methodref
        case 11: // InterfaceMethodref
        case 12: // NameAndType
        case 17: // Dynamic
        case 18: // InvokeDynamic
          out.writeInt(in.readInt());
          break;
        case 5: // Long: two slots
        case 6: // Double
          out.writeLong(in.readLong());
          i++;
          break;
        default:
          throw new IOException("unknown constant pool tag " + tag);
      }
    }
    in.transferTo(out);
    out.flush();
    return bytes.toByteArray();
  }

  static String rename(String utf8) {
    if (utf8.indexOf("io/wsaudit/agent/shaded/io/opentelemetry/") < 0
        && utf8.indexOf("io.wsaudit.agent.shaded.io.opentelemetry.") < 0) {
      return utf8;
    }
    String s = utf8;
    for (String[] rule : RULES) {
      s = s.replace(rule[0], rule[1]);
    }
    return s;
  }
}
