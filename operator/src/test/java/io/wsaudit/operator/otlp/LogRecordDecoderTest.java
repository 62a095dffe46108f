package io.wsaudit.operator.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import io.wsaudit.operator.otlp.admission.BoundedBody;
import io.wsaudit.operator.otlp.admission.IngestAdmission;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The wire-walking logs decoder on encodings a generated parser accepts but builders never make.
 */
class LogRecordDecoderTest {

  @Test
  void aResourceAfterItsRecordsStillNamesThem_andTheLastRepeatOfAKeyWins() throws Exception {
    ByteString records =
        ResourceLogs.newBuilder()
            .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(line("GET / 200\r\n")))
            .build()
            .toByteString();
    ByteString resources =
        ResourceLogs.newBuilder()
            .setResource(resource("old-ns", "pod-a"))
            .build()
            .toByteString()
            .concat(
                ResourceLogs.newBuilder()
                    .setResource(resource("ingress-nginx", "pod-b"))
                    .build()
                    .toByteString());
    LogRecordDecoder.Result r = decode(request(records.concat(resources)));
    assertThat(r.received()).isEqualTo(1);
    assertThat(r.lines())
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.body()).isEqualTo("GET / 200");
              assertThat(l.podNamespace()).isEqualTo("ingress-nginx");
              assertThat(l.podName()).isEqualTo("pod-b");
              assertThat(l.time()).isNull();
            });
  }

  @Test
  void aBodyIsAStringOnlyWhenItsLastValueIs_otherFieldsAreSkipped() throws Exception {
    ByteString stringThenInt =
        AnyValue.newBuilder()
            .setStringValue("x")
            .build()
            .toByteString()
            .concat(AnyValue.newBuilder().setIntValue(1).build().toByteString());
    ByteString intThenString =
        AnyValue.newBuilder()
            .setIntValue(1)
            .build()
            .toByteString()
            .concat(AnyValue.newBuilder().setStringValue("kept").build().toByteString());
    LogRecord noBody = LogRecord.newBuilder().setSeverityText("INFO").setTimeUnixNano(5).build();
    LogRecord observedOnly =
        line("observed").toBuilder().setObservedTimeUnixNano(7_000_000_001L).build();
    ByteString scope =
        field(ScopeLogs.LOG_RECORDS_FIELD_NUMBER, withBody(stringThenInt))
            .concat(field(ScopeLogs.LOG_RECORDS_FIELD_NUMBER, withBody(intThenString)))
            .concat(field(ScopeLogs.LOG_RECORDS_FIELD_NUMBER, noBody.toByteString()))
            .concat(field(ScopeLogs.LOG_RECORDS_FIELD_NUMBER, observedOnly.toByteString()));
    LogRecordDecoder.Result r = decode(request(field(ResourceLogs.SCOPE_LOGS_FIELD_NUMBER, scope)));
    assertThat(r.received()).isEqualTo(4);
    assertThat(r.skipped()).containsExactlyEntriesOf(Map.of("body_not_string", 2));
    assertThat(r.lines()).extracting(LogLine::body).containsExactly("kept", "observed");
    assertThat(r.lines().get(1).time()).isEqualTo(Instant.ofEpochSecond(7, 1));
  }

  @Test
  void invalidUtf8IsKeptWithReplacementCharacters() throws Exception {
    ByteString bad = ByteString.copyFrom(new byte[] {'G', 'E', 'T', ' ', (byte) 0xc3, '\n'});
    ByteString record = withBody(field(AnyValue.STRING_VALUE_FIELD_NUMBER, bad));
    LogRecordDecoder.Result r =
        decode(
            request(
                field(
                    ResourceLogs.SCOPE_LOGS_FIELD_NUMBER,
                    field(ScopeLogs.LOG_RECORDS_FIELD_NUMBER, record))));
    assertThat(r.lines()).extracting(LogLine::body).containsExactly("GET \uFFFD");
  }

  @Test
  void theLinesAreChargedToTheAdmissionAsTheyAreBuilt_pastItsBudgetTheDecodeIsRefused()
      throws Exception {
    ScopeLogs.Builder scope = ScopeLogs.newBuilder();
    for (int i = 0; i < 2_000; i++) {
      scope.addLogRecords(line("x"));
    }
    byte[] body = request(ResourceLogs.newBuilder().addScopeLogs(scope).build().toByteString());
    // 2,000 one-character lines: ~14 KB of body, ~190 KB of lines.
    IngestAdmission small = new IngestAdmission(1, 100_000);
    try (IngestAdmission.Permit p = small.admit().orElseThrow()) {
      assertThatThrownBy(() -> LogRecordDecoder.decode(body, p))
          .isInstanceOfSatisfying(
              BoundedBody.RefusedException.class,
              e -> assertThat(e.refusal()).isEqualTo(BoundedBody.Refusal.BUSY));
    }
    assertThat(small.heldBytes()).isZero();
    IngestAdmission enough = new IngestAdmission(1, 1_000_000);
    try (IngestAdmission.Permit p = enough.admit().orElseThrow()) {
      assertThat(LogRecordDecoder.decode(body, p).lines()).hasSize(2_000);
      assertThat(enough.heldBytes()).isEqualTo(2_000L * (LogRecordDecoder.LINE_OVERHEAD + 1));
    }
  }

  private static LogRecordDecoder.Result decode(byte[] body) throws Exception {
    try (IngestAdmission.Permit p =
        new IngestAdmission(1, Long.MAX_VALUE / 2).admit().orElseThrow()) {
      return LogRecordDecoder.decode(body, p);
    }
  }

  private static LogRecord line(String body) {
    return LogRecord.newBuilder().setBody(AnyValue.newBuilder().setStringValue(body)).build();
  }

  /** A LogRecord's bytes whose body field holds exactly these AnyValue bytes. */
  private static ByteString withBody(ByteString anyValue) throws Exception {
    return field(LogRecord.BODY_FIELD_NUMBER, anyValue);
  }

  /** One length-delimited field, as the wire format encodes it. */
  private static ByteString field(int number, ByteString value) throws Exception {
    var out = new ByteArrayOutputStream();
    CodedOutputStream c = CodedOutputStream.newInstance(out);
    c.writeBytes(number, value);
    c.flush();
    return ByteString.copyFrom(out.toByteArray());
  }

  private static Resource resource(String namespace, String pod) {
    return Resource.newBuilder()
        .addAttributes(attribute("k8s.namespace.name", namespace))
        .addAttributes(attribute("k8s.pod.name", pod))
        .build();
  }

  private static KeyValue attribute(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  /** ExportLogsServiceRequest{1: these ResourceLogs bytes}, in the order given. */
  private static byte[] request(ByteString resourceLogs) throws Exception {
    return field(1, resourceLogs).toByteArray();
  }
}
