package io.wsaudit.bench.hookcost;

import io.wsaudit.bench.ServerKind;
import io.wsaudit.bench.Stats;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@link HookCostBench}'s Markdown: one table per server, a row per phase and setup. */
final class HookCostReport {

  private HookCostReport() {}

  static String table(
      ServerKind server, List<String> labels, Map<String, Map<String, List<double[]>>> results) {
    StringBuilder out = new StringBuilder();
    out.append("\n").append(server.label()).append("\n\n");
    out.append(
        "| phase | setup | server bytes / unit | added | server CPU µs / unit (min–max) | added |"
            + " other threads' bytes / unit |\n");
    out.append("|---|---|---|---|---|---|---|\n");
    for (HookCostProbe.Phase phase : HookCostProbe.Phase.values()) {
      Map<String, List<double[]>> bySetup = results.get(phase.name());
      if (bySetup == null) {
        continue;
      }
      Stats.Summary baseBytes = summaryOf(bySetup, labels.get(0), 0);
      Stats.Summary baseCpu = summaryOf(bySetup, labels.get(0), 1);
      for (String label : labels) {
        Stats.Summary bytes = summaryOf(bySetup, label, 0);
        Stats.Summary cpu = summaryOf(bySetup, label, 1);
        Stats.Summary rest = summaryOf(bySetup, label, 2);
        boolean base = label.equals(labels.get(0));
        out.append(
            String.format(
                Locale.ROOT,
                "| %s per %s | %s | %,.0f | %s | %.2f (%.2f–%.2f) | %s | %,.0f |\n",
                phase.name().toLowerCase(Locale.ROOT),
                phase.unit,
                label,
                bytes.median(),
                base
                    ? ""
                    : String.format(Locale.ROOT, "%+,.0f", bytes.median() - baseBytes.median()),
                cpu.median() / 1000,
                cpu.min() / 1000,
                cpu.max() / 1000,
                base
                    ? ""
                    : String.format(Locale.ROOT, "%+.2f", (cpu.median() - baseCpu.median()) / 1000),
                rest.median()));
      }
    }
    Map<String, List<double[]>> roundRest = results.get(HookCostBench.ROUND_REST);
    if (roundRest != null) {
      out.append("\n| setup | other threads' CPU µs per connection, whole round (min–max) |\n");
      out.append("|---|---|\n");
      for (String label : labels) {
        Stats.Summary rest = summaryOf(roundRest, label, 0);
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | %.2f (%.2f–%.2f) |\n",
                label,
                rest.median() / 1000,
                rest.min() / 1000,
                rest.max() / 1000));
      }
    }
    return out.toString();
  }

  private static Stats.Summary summaryOf(
      Map<String, List<double[]>> bySetup, String label, int column) {
    List<double[]> rows = bySetup.get(label);
    return rows == null ? Stats.summarize(List.of()) : HookCostBench.summary(rows, column);
  }
}
