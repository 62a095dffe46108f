package io.wsaudit.operator.otlp;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
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
   * Record attributes set by the Collector's container parser (opentelemetry-collector-contrib
   * {@code pkg/stanza/docs/operators/container.md}); the resource's are {@link LogResource}'s.
   */
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
      if (ProtoWire.isDelimited(tag, ExportLogsServiceRequest.RESOURCE_LOGS_FIELD_NUMBER)) {
        run.resourceLogs(in.readBytes());
      } else {
        in.skipField(tag);
      }
    }
    run.charge(0);
    return new Result(run.lines, run.received, run.skipped);
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
      CodedInputStream in = ProtoWire.input(bytes);
      // The resource may follow its records on the wire: records are read once it is known.
      List<ByteString> scopes = new ArrayList<>();
      LogResource source = new LogResource();
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (ProtoWire.isDelimited(tag, ResourceLogs.RESOURCE_FIELD_NUMBER)) {
          source.readResource(in.readBytes());
        } else if (ProtoWire.isDelimited(tag, ResourceLogs.SCOPE_LOGS_FIELD_NUMBER)) {
          scopes.add(in.readBytes());
        } else {
          in.skipField(tag);
        }
      }
      for (ByteString scope : scopes) {
        CodedInputStream s = ProtoWire.input(scope);
        for (int tag = s.readTag(); tag != 0; tag = s.readTag()) {
          if (ProtoWire.isDelimited(tag, ScopeLogs.LOG_RECORDS_FIELD_NUMBER)) {
            record(s.readBytes(), source);
          } else {
            s.skipField(tag);
          }
        }
      }
    }

    private void record(ByteString bytes, LogResource source)
        throws IOException, BoundedBody.RefusedException {
      received++;
      CodedInputStream in = ProtoWire.input(bytes);
      long time = 0;
      long observed = 0;
      ByteString body = null;
      boolean bodyIsString = false;
      String stream = null;
      String path = null;
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (ProtoWire.isFixed64(tag, LogRecord.TIME_UNIX_NANO_FIELD_NUMBER)) {
          time = in.readFixed64();
        } else if (ProtoWire.isFixed64(tag, LogRecord.OBSERVED_TIME_UNIX_NANO_FIELD_NUMBER)) {
          observed = in.readFixed64();
        } else if (ProtoWire.isDelimited(tag, LogRecord.BODY_FIELD_NUMBER)) {
          body = ProtoWire.stringOf(in.readBytes());
          bodyIsString = body != null;
        } else if (ProtoWire.isDelimited(tag, LogRecord.ATTRIBUTES_FIELD_NUMBER)) {
          ByteString kv = in.readBytes();
          ByteString key = NeededResource.keyOf(kv);
          if (IOSTREAM.equals(key)) {
            stream = source.stream(ProtoWire.stringValue(kv));
          } else if (FILE_PATH.equals(key)) {
            path = source.path(ProtoWire.stringValue(kv));
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
}
