package io.wsaudit.operator.otlp;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.wsaudit.operator.health.OperatorMetrics;
import io.wsaudit.operator.trust.Sender;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both OTLP transports do with a decoded logs export: count, check the sender, date, hand the
 * lines on, and answer with the partial success the OTLP specification asks for when records were
 * left out (opentelemetry-proto {@code docs/specification.md}, "Partial Success").
 */
public final class LogsIngest {

  private static final Logger LOG = LoggerFactory.getLogger(LogsIngest.class);
  static final String SIGNAL = "logs";
  static final String NAMESPACE_NOT_ALLOWED = "namespace_not_allowed";

  private final LogLineSink sink;
  private final OperatorMetrics metrics;
  private final ArrivalClock arrival;

  public LogsIngest(LogLineSink sink, OperatorMetrics metrics) {
    this(sink, metrics, Clock.systemUTC());
  }

  public LogsIngest(LogLineSink sink, OperatorMetrics metrics, Clock clock) {
    this.sink = sink;
    this.metrics = metrics;
    this.arrival = new ArrivalClock(clock);
  }

  ExportLogsServiceResponse ingest(String transport, LogRecordDecoder.Result r, Sender sender) {
    metrics.logRecordsReceived(transport, r.received());
    r.skipped().forEach((reason, n) -> metrics.logRecordsSkipped(transport, reason, n));
    Map<String, Integer> rejected = new LinkedHashMap<>(r.skipped());
    Instant now = arrival.now();
    int clamped = 0;
    List<LogLine> allowed = new ArrayList<>(r.lines().size());
    for (LogLine line : r.lines()) {
      // A line naming no namespace is checked by the sink once correlated, as spans are.
      if (line.podNamespace() != null && !sender.maySpeakFor(line.podNamespace())) {
        metrics.evidenceRefused(NAMESPACE_NOT_ALLOWED);
        rejected.merge(NAMESPACE_NOT_ALLOWED, 1, Integer::sum);
      } else if (line.time() == null) {
        allowed.add(line.withTime(now));
      } else if (ArrivalClock.tooLate(line.time(), now)) {
        allowed.add(line.withTime(now));
        clamped++;
      } else {
        allowed.add(line);
      }
    }
    if (clamped > 0) {
      metrics.timestampsClamped(transport, clamped);
    }
    if (!allowed.isEmpty()) {
      try {
        sink.accept(allowed, sender);
      } catch (RuntimeException e) {
        // As for spans: the sender did nothing wrong, and an error would only make it retry.
        LOG.warn("could not process {} log lines", allowed.size(), e);
      }
    }
    return response(rejected);
  }

  void rejected(String transport, String reason) {
    metrics.requestRejected(transport, SIGNAL, reason);
  }

  private static ExportLogsServiceResponse response(Map<String, Integer> rejected) {
    int total = rejected.values().stream().mapToInt(Integer::intValue).sum();
    if (total == 0) {
      return ExportLogsServiceResponse.getDefaultInstance();
    }
    String why =
        rejected.entrySet().stream()
            .map(e -> e.getValue() + " " + e.getKey())
            .collect(Collectors.joining(", "));
    return ExportLogsServiceResponse.newBuilder()
        .setPartialSuccess(
            ExportLogsPartialSuccess.newBuilder()
                .setRejectedLogRecords(total)
                .setErrorMessage("log records rejected: " + why))
        .build();
  }
}
