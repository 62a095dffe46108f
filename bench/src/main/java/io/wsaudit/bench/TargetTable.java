package io.wsaudit.bench;

import static io.wsaudit.bench.Report.signed;
import static io.wsaudit.bench.Report.times;

import io.wsaudit.bench.Report.Measure;
import java.util.List;
import java.util.Locale;

/**
 * The target table of {@code RESULTS.md}: the targets beside wsaudit's medians, with the
 * margin by which each is met or missed.
 */
final class TargetTable {

  private final Report report;

  TargetTable(Report report) {
    this.report = report;
  }

  String render() {
    StringBuilder out =
        new StringBuilder(
            "| server | target | wsaudit (median, min–max) | OTel agent (median, min–max) | verdict |\n|---|---|---|---|---|\n");
    for (ServerKind server : report.servers()) {
      ratioTarget(out, server, "connection rate ≥ ×0.99", Measure.LOOP, 0.99, true);
      ratioTarget(
          out,
          server,
          "same, as server CPU per connection ≤ ×1.010 (steadier on a shared machine)",
          Measure.LOOP_CPU,
          1 / 0.99,
          false);
      ratioTarget(out, server, "message rate ≥ ×0.995", Measure.ECHO, 0.995, true);
      ratioTarget(
          out,
          server,
          "same, as server CPU per message ≤ ×1.005",
          Measure.ECHO_CPU,
          1 / 0.995,
          false);
      deltaTarget(out, server, "handshake p99 ≤ +0.2 ms", Measure.P99, 0.2, " ms");
      deltaTarget(out, server, "startup ≤ +250 ms", Measure.STARTUP, 250, " ms");
      Stats.Summary perConn = report.delta(server, AgentSetup.WSAUDIT, Measure.PER_CONN);
      Stats.Summary perConnOtel = report.delta(server, AgentSetup.OTEL, Measure.PER_CONN);
      out.append("| ")
          .append(server.label())
          .append(" | ≤ 256 B per open connection (over no agent) | ")
          .append(signed("%.0f", perConn))
          .append(perConn.isEmpty() ? "" : " B")
          .append(" | ")
          .append(signed("%.0f", perConnOtel))
          .append(perConnOtel.isEmpty() ? "" : " B")
          .append(" | ")
          .append(
              verdict(
                  perConn.median() <= 256,
                  String.format(Locale.ROOT, "%+.0f B against 256 B", perConn.median() - 256),
                  perConn))
          .append(" |\n");
      for (Measure m : List.of(Measure.LOOP, Measure.LOOP_CPU, Measure.ECHO, Measure.ECHO_CPU)) {
        // Cost: the share of rate lost, or the share of CPU added.
        boolean cpu = m == Measure.LOOP_CPU || m == Measure.ECHO_CPU;
        double wr = report.ratio(server, AgentSetup.WSAUDIT, m).median();
        double or = report.ratio(server, AgentSetup.OTEL, m).median();
        double w = cpu ? wr - 1 : 1 - wr;
        double o = cpu ? or - 1 : 1 - or;
        String what =
            switch (m) {
              case LOOP -> "connection rate";
              case LOOP_CPU -> "server CPU per connection";
              case ECHO -> "message rate";
              default -> "server CPU per message";
            };
        String share;
        String verdict;
        if (Double.isNaN(w) || Double.isNaN(o)) {
          share = "n/a";
          verdict = "n/a";
        } else if (o <= 0) {
          share = String.format(Locale.ROOT, "wsaudit %+.1f %%, OTel %+.1f %%", w * 100, o * 100);
          verdict = "n/a (no OTel cost measured)";
        } else if (w <= 0) {
          share = String.format(Locale.ROOT, "wsaudit %+.1f %%, OTel %+.1f %%", w * 100, o * 100);
          verdict = "met";
        } else {
          share =
              String.format(
                  Locale.ROOT,
                  "wsaudit %+.1f %% = %.2f of OTel's %+.1f %%",
                  w * 100,
                  w / o,
                  o * 100);
          verdict =
              w / o <= 0.1
                  ? "met"
                  : String.format(Locale.ROOT, "**missed** (%.2f against 0.10)", w / o);
        }
        out.append("| ")
            .append(server.label())
            .append(" | ≤ 1/10 of OTel agent's cost, ")
            .append(what)
            .append(" | ")
            .append(share)
            .append(" | | ")
            .append(verdict)
            .append(" |\n");
      }
    }
    return out.toString();
  }

  /** A ratio target: wsaudit's median at least (or at most) {@code bound}. */
  private void ratioTarget(
      StringBuilder out,
      ServerKind server,
      String label,
      Measure m,
      double bound,
      boolean atLeast) {
    Stats.Summary w = report.ratio(server, AgentSetup.WSAUDIT, m);
    Stats.Summary o = report.ratio(server, AgentSetup.OTEL, m);
    row(
        out,
        server,
        label,
        times(w),
        times(o),
        verdict(
            atLeast ? w.median() >= bound : w.median() <= bound,
            String.format(Locale.ROOT, "%+.3f against %.3f", w.median() - bound, bound),
            w));
  }

  private void deltaTarget(
      StringBuilder out, ServerKind server, String label, Measure m, double max, String unit) {
    Stats.Summary w = report.delta(server, AgentSetup.WSAUDIT, m);
    Stats.Summary o = report.delta(server, AgentSetup.OTEL, m);
    row(
        out,
        server,
        label,
        signed(m.format, w) + (w.isEmpty() ? "" : unit),
        signed(m.format, o) + (o.isEmpty() ? "" : unit),
        verdict(
            w.median() <= max,
            String.format(
                Locale.ROOT,
                "%s%s against %s%s",
                String.format(Locale.ROOT, m.format.replace("%", "%+"), w.median() - max),
                unit,
                String.format(Locale.ROOT, m.format, max),
                unit),
            w));
  }

  /** One target row: server, target, wsaudit, OTel agent, verdict. */
  private static void row(
      StringBuilder out, ServerKind server, String label, String w, String o, String verdict) {
    out.append("| ")
        .append(server.label())
        .append(" | ")
        .append(label)
        .append(" | ")
        .append(w)
        .append(" | ")
        .append(o)
        .append(" | ")
        .append(verdict)
        .append(" |\n");
  }

  private static String verdict(boolean met, String margin, Stats.Summary s) {
    if (s.isEmpty()) {
      return "n/a";
    }
    return (met ? "met (" : "**missed** (") + margin + ")";
  }
}
