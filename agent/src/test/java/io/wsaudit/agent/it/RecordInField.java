package io.wsaudit.agent.it;

import static io.wsaudit.agent.it.SpanAsserts.assertCloseSays;
import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.contract.WsAuditSpans.Cause;
import io.wsaudit.contract.WsAuditSpans.Initiator;
import io.wsaudit.testkit.otlp.OtlpCollector;
import io.wsaudit.testkit.otlp.ReceivedSpan;
import io.wsaudit.testkit.ws.RawClient;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;

/**
 * A family whose connection class was first loaded with the agent there keeps its connections'
 * records in that class's own field: the agent says so at debug level (and says nothing of a map),
 * and an echoed, client-closed connection still gets its close span, so the frame and close hooks
 * found the record through the field.
 */
final class RecordInField {

  private static final Duration IO = Duration.ofSeconds(10);

  private RecordInField() {}

  /** {@code app} echoes on {@code path}; {@code connectionClass} is the family's declared class. */
  static void assertCarried(Class<?> app, String family, String connectionClass, String path)
      throws IOException {
    String rid = UUID.randomUUID().toString();
    try (OtlpCollector collector = new OtlpCollector();
        ForkedServer server =
            ForkedServer.builder(app).exportTo(collector).jvmArg("-Dwsaudit.debug=true").start()) {
      try (RawClient ws = RawClient.upgrade(server.port(), "HTTP/1.1", path, rid, IO)) {
        Exchanges.echoThenClose(ws, "in a field", 1000, "bye");
      }
      ReceivedSpan handshake = SpanAsserts.handshakeWithRid(collector, rid);
      assertCloseSays(
          SpanAsserts.closeOf(collector, handshake), 1000L, Initiator.CLIENT, Cause.CLIENT);
      assertThat(server.agentLines())
          .anyMatch(
              l ->
                  l.contains(
                      family
                          + ": "
                          + connectionClass
                          + " carries its connection record in a field"))
          .noneMatch(l -> l.contains("connection records kept in a map"));
    }
  }
}
