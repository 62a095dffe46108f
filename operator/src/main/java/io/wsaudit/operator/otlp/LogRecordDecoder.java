package io.wsaudit.operator.otlp;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import io.wsaudit.operator.otlp.admission.BoundedBody;
import io.wsaudit.operator.otlp.admission.IngestAdmission;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an OTLP/protobuf logs export into {@link LogLine}s by walking the wire format: of each
 * record only the times, the body and two attributes are read, of each resource three attributes;
 * nothing else is built (severity, trace ids, other attributes cost one skip each).
 *
 * <p>Wire format (opentelemetry-proto {@code opentelemetry/proto/logs/v1/logs.proto}): the field
 * numbers are the generated classes' {@code *_FIELD_NUMBER} constants.
 */
final class LogRecordDecoder {

  /**
   * Resource attributes set by the Collector's container parser from the file path (with {@code
   * log.iostream} and {@code log.file.path} as record attributes: opentelemetry-collector-contrib
   * {@code pkg/stanza/docs/operators/container.md}) or by the k8sattributes processor.
   */
  static final String K8S_CONTAINER = "k8s.container.name";

  static final String LOG_IOSTREAM = "log.iostream";
  static final String LOG_FILE_PATH = "log.file.path";

  /** A longer line is skipped whole: the parser could not use half of it. */
  static final int MAX_LINE_BYTES = 16 * 1024;

  /**
   * Decode memory charged per protobuf body byte up front: the body itself. The lines built from it
   * are charged as they are built ({@link #LINE_OVERHEAD} plus the line), because what they cost
   * depends on the records, not on the body's size: a realistic access-log record costs about its
   * own size again, a flood of one-character records 11 times its size.
   */
  static final int WEIGHT = 1;

  /** A LogLine, its String and array headers and its list slot (compressed oops). */
  static final int LINE_OVERHEAD = 96;

  /** Lines are charged to the admission in chunks of this many bytes (each charge locks). */
  private static final int CHARGE_CHUNK = 64 * 1024;

  static final String BODY_NOT_STRING = "body_not_string";
  static final String LINE_TOO_LONG = "line_too_long";

  private static final ByteString NAMESPACE = ByteString.copyFromUtf8(SpanDecoder.K8S_NAMESPACE);
  private static final ByteString POD = ByteString.copyFromUtf8(SpanDecoder.K8S_POD);
  private static final ByteString CONTAINER = ByteString.copyFromUtf8(K8S_CONTAINER);
  private static final ByteString IOSTREAM = ByteString.copyFromUtf8(LOG_IOSTREAM);
  private static final ByteString FILE_PATH = ByteString.copyFromUtf8(LOG_FILE_PATH);

  /**
   * The lines (time null where the record has none), how many records were seen, and how many were
   * skipped by reason.
   */
  record Result(List<LogLine> lines, int received, Map<String, Integer> skipped) {
    int skippedTotal() {
      return skipped.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  private LogRecordDecoder() {}

  static Result decode(ExportLogsServiceRequest request, IngestAdmission.Permit permit)
      throws IOException, BoundedBody.RefusedException {
    return decode(request.toByteArray(), permit);
  }

  /**
   * Charges {@code permit} for the lines as they are built; refused ({@code BUSY}) when the shared
   * budget runs out.
   */
  static Result decode(byte[] body, IngestAdmission.Permit permit)
      throws IOException, BoundedBody.RefusedException {
    Run run = new Run(permit);
    CodedInputStream in = CodedInputStream.newInstance(body);
    in.enableAliasing(true);
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (is(tag, ExportLogsServiceRequest.RESOURCE_LOGS_FIELD_NUMBER)) {
        run.resourceLogs(in.readBytes());
      } else {
        in.skipField(tag);
      }
    }
    run.charge(0);
    return new Result(run.lines, run.received, run.skipped);
  }

  private static boolean is(int tag, int field) {
    return WireFormat.getTagFieldNumber(tag) == field
        && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
  }

  private static boolean isFixed64(int tag, int field) {
    return WireFormat.getTagFieldNumber(tag) == field
        && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_FIXED64;
  }

  /** The state of one decode. */
  private static final class Run {
    final List<LogLine> lines = new ArrayList<>();
    final Map<String, Integer> skipped = new LinkedHashMap<>();
    final IngestAdmission.Permit permit;
    int received;
    long uncharged;

    Run(IngestAdmission.Permit permit) {
      this.permit = permit;
    }

    /** Adds {@code bytes} to the next charge; charges once a chunk is due ({@code 0}: now). */
    void charge(long bytes) throws BoundedBody.RefusedException {
      uncharged += bytes;
      if ((bytes == 0 || uncharged >= CHARGE_CHUNK) && uncharged > 0) {
        if (!permit.reserve(uncharged)) {
          throw BoundedBody.RefusedException.busy();
        }
        uncharged = 0;
      }
    }

    void resourceLogs(ByteString bytes) throws IOException, BoundedBody.RefusedException {
      CodedInputStream in = bytes.newCodedInput();
      in.enableAliasing(true);
      // The resource may follow its records on the wire: records are read once it is known.
      List<ByteString> scopes = new ArrayList<>();
      Source source = new Source();
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (is(tag, ResourceLogs.RESOURCE_FIELD_NUMBER)) {
          source.readResource(in.readBytes());
        } else if (is(tag, ResourceLogs.SCOPE_LOGS_FIELD_NUMBER)) {
          scopes.add(in.readBytes());
        } else {
          in.skipField(tag);
        }
      }
      for (ByteString scope : scopes) {
        CodedInputStream s = scope.newCodedInput();
        s.enableAliasing(true);
        for (int tag = s.readTag(); tag != 0; tag = s.readTag()) {
          if (is(tag, ScopeLogs.LOG_RECORDS_FIELD_NUMBER)) {
            record(s.readBytes(), source);
          } else {
            s.skipField(tag);
          }
        }
      }
    }

    private void record(ByteString bytes, Source source)
        throws IOException, BoundedBody.RefusedException {
      received++;
      CodedInputStream in = bytes.newCodedInput();
      in.enableAliasing(true);
      long time = 0;
      long observed = 0;
      ByteString body = null;
      boolean bodyIsString = false;
      String stream = null;
      String path = null;
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (isFixed64(tag, LogRecord.TIME_UNIX_NANO_FIELD_NUMBER)) {
          time = in.readFixed64();
        } else if (isFixed64(tag, LogRecord.OBSERVED_TIME_UNIX_NANO_FIELD_NUMBER)) {
          observed = in.readFixed64();
        } else if (is(tag, LogRecord.BODY_FIELD_NUMBER)) {
          body = stringOf(in.readBytes());
          bodyIsString = body != null;
        } else if (is(tag, LogRecord.ATTRIBUTES_FIELD_NUMBER)) {
          ByteString kv = in.readBytes();
          ByteString key = NeededResource.keyOf(kv);
          if (IOSTREAM.equals(key)) {
            stream = source.stream(stringValue(kv));
          } else if (FILE_PATH.equals(key)) {
            path = source.path(stringValue(kv));
          }
        } else {
          in.skipField(tag);
        }
      }
      if (!bodyIsString) {
        skipped.merge(BODY_NOT_STRING, 1, Integer::sum);
        return;
      }
      if (body.size() > MAX_LINE_BYTES) {
        skipped.merge(LINE_TOO_LONG, 1, Integer::sum);
        return;
      }
      long nanos = time != 0 ? time : observed;
      charge(LINE_OVERHEAD + (long) body.size());
      lines.add(
          new LogLine(
              withoutNewline(body).toStringUtf8(),
              nanos == 0 ? null : Instant.ofEpochSecond(0, nanos),
              source.namespace,
              source.pod,
              source.container,
              stream,
              path));
    }
  }

  /**
   * AnyValue's string, or null when its value is of another kind or absent (a oneof: the last field
   * on the wire wins). Invalid UTF-8 is kept with replacement characters: the line is still worth
   * parsing.
   */
  private static ByteString stringOf(ByteString anyValue) throws IOException {
    CodedInputStream in = anyValue.newCodedInput();
    in.enableAliasing(true);
    ByteString string = null;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (is(tag, AnyValue.STRING_VALUE_FIELD_NUMBER)) {
        string = in.readBytes();
      } else {
        string = null;
        in.skipField(tag);
      }
    }
    return string;
  }

  /** KeyValue{2: AnyValue}'s string, cut like span attributes, or null. */
  private static String stringValue(ByteString kv) throws IOException {
    CodedInputStream in = kv.newCodedInput();
    in.enableAliasing(true);
    ByteString value = null;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (is(tag, KeyValue.VALUE_FIELD_NUMBER)) {
        value = stringOf(in.readBytes());
      } else {
        in.skipField(tag);
      }
    }
    return value == null ? null : SpanDecoder.cut(value.toStringUtf8());
  }

  /** The filelog receiver keeps a line's end only in some setups; the parser wants none. */
  private static ByteString withoutNewline(ByteString s) {
    int n = s.size();
    if (n > 0 && s.byteAt(n - 1) == '\n') {
      n--;
      if (n > 0 && s.byteAt(n - 1) == '\r') {
        n--;
      }
    }
    return n == s.size() ? s : s.substring(0, n);
  }

  /**
   * Where one ResourceLogs' records came from. The strings are shared by all its lines (one path
   * and two streams per pod), so a large batch holds each once.
   */
  private static final class Source {
    String namespace;
    String pod;
    String container;
    private String lastPath;

    /** Reads one (possibly repeated) Resource field; the last value of a key wins. */
    void readResource(ByteString resource) throws IOException {
      CodedInputStream in = resource.newCodedInput();
      in.enableAliasing(true);
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (is(tag, Resource.ATTRIBUTES_FIELD_NUMBER)) {
          ByteString kv = in.readBytes();
          ByteString key = NeededResource.keyOf(kv);
          if (NAMESPACE.equals(key)) {
            namespace = stringValue(kv);
          } else if (POD.equals(key)) {
            pod = stringValue(kv);
          } else if (CONTAINER.equals(key)) {
            container = stringValue(kv);
          }
        } else {
          in.skipField(tag);
        }
      }
    }

    String stream(String s) {
      if ("stdout".equals(s)) {
        return "stdout";
      }
      return "stderr".equals(s) ? "stderr" : s;
    }

    String path(String p) {
      if (p != null && p.equals(lastPath)) {
        return lastPath;
      }
      lastPath = p;
      return p;
    }
  }
}
