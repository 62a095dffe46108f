package io.wsaudit.bench.operator;

import static io.wsaudit.bench.Report.fmt;
import static io.wsaudit.bench.operator.OperatorReport.ingest;
import static io.wsaudit.bench.operator.OperatorReport.ingestRatio;

import java.util.List;
import java.util.Locale;

/**
 * The "OTLP/HTTP ingestion" part of the operator section: operator against the counting sink, per
 * encoding.
 */
final class IngestSection {

  private IngestSection() {}

  static void render(StringBuilder md, OperatorBench.Results r) {
    if (!r.ingest().isEmpty()) {
      md.append("### OTLP/HTTP ingestion\n\n")
          .append("The same pre-encoded requests (")
          .append(r.plan().batchSize())
          .append(
              " spans each, as the SDK's BatchSpanProcessor sends them: HTTP server, Spring MVC and JDBC spans "
                  + "of the OpenTelemetry Java agent's scopes with their usual attributes and a 20-attribute resource, "
                  + "plus 5 % wsaudit handshake/close pairs that correlate with a real Pod, Service, EndpointSlice and "
                  + "Ingress under an Observe policy, so each is filed as evidence) posted by ")
          .append(r.plan().workers())
          .append(
              " HTTP/1.1 connections (JDK HttpClient, one request in flight each) "
                  + "to the operator's `OtlpHttpReceiver` (in the bench JVM, started as `WsAuditOperator` against the "
                  + "mock API server) and, as the baseline, to a counting JDK `HttpServer` (`OtlpSink`, 4 handler "
                  + "threads like the receiver) that walks the protobuf wire format and discards. Receivers and "
                  + "encodings interleaved, order alternating per repetition; a discarded warm-up first. The operator's "
                  + "counts are from its `/metrics`.\n\n");
      md.append(
          "| encoding | operator spans/s | sink spans/s | ratio | spans acknowledged / counted by the "
              + "operator | wsaudit spans acknowledged / counted as wsaudit | uncorrelated | failed requests |\n"
              + "|---|---|---|---|---|---|---|---|\n");
      for (boolean gzip : new boolean[] {false, true}) {
        List<IngestBench.Run> ops =
            r.ingest().stream()
                .filter(x -> x.gzip() == gzip && x.target().equals("operator"))
                .toList();
        long sent = ops.stream().mapToLong(x -> x.load().spans()).sum();
        long sentWs = ops.stream().mapToLong(x -> x.load().wsauditSpans()).sum();
        double counted = ops.stream().mapToDouble(x -> x.counted().spansReceived()).sum();
        double countedWs = ops.stream().mapToDouble(x -> x.counted().wsauditSpans()).sum();
        double uncorrelated = ops.stream().mapToDouble(x -> x.counted().uncorrelated()).sum();
        long failed =
            r.ingest().stream()
                .filter(x -> x.gzip() == gzip)
                .mapToLong(x -> x.load().failed())
                .sum();
        md.append("| ")
            .append(gzip ? "gzip" : "protobuf")
            .append(" | ")
            .append(fmt("%,.0f", ingest(r, "operator", gzip)))
            .append(" | ")
            .append(fmt("%,.0f", ingest(r, "sink", gzip)))
            .append(" | ×")
            .append(fmt("%.3f", ingestRatio(r, gzip)))
            .append(" | ")
            .append(
                String.format(
                    Locale.ROOT,
                    "%,d / %,.0f | %,d / %,.0f | %,.0f | %d",
                    sent,
                    counted,
                    sentWs,
                    countedWs,
                    uncorrelated,
                    failed))
            .append(" |\n");
      }
      SpanMix.Batch b =
          new SpanMix(7, IngestBench.NS, IngestBench.POD, IngestBench.HOST, "1.1", 30_000)
              .batches(1, r.plan().batchSize())
              .get(0);
      md.append(
          String.format(
              Locale.ROOT,
              "\nOne request: %d spans (%d wsaudit), %,d bytes protobuf, %,d bytes " + "gzip.\n\n",
              b.spans(),
              b.wsauditSpans(),
              b.protobuf().length,
              b.gzip().length));
    }
  }
}
