package io.wsaudit.bench.operator;

import static io.wsaudit.bench.Report.fmt;

import io.wsaudit.bench.Stats;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The "Heap with a large cluster in the caches" part of the operator section: heap readings, class
 * histogram, why.
 */
final class HeapSection {

  private HeapSection() {}

  static void render(StringBuilder md, OperatorBench.Results r) {
    if (r.population() != null) {
      HeapBench.Population p = r.population();
      md.append("### Heap with a large cluster in the caches\n\n")
          .append(
              String.format(
                  Locale.ROOT,
                  "The operator as it ships (`java -jar operator/target/wsaudit-operator.jar`, "
                      + "default JVM flags, configured by `WSAUDIT_*` variables and a kubeconfig pointing at the mock API "
                      + "server) until `/readyz` answers 200 (its informers have synced); then, every %d s, `jcmd <pid> GC.run` twice "
                      + "and `GC.heap_info` (heap in use) until three readings in a row agree within 5 %% (at most %d s; "
                      + "see below why), the last reading being the figure; then a class histogram (`GC.class_histogram`, "
                      + "live objects). The cluster: %,d apps in %d namespaces, each a Deployment-like "
                      + "set of %d Pods (labels, ReplicaSet ownerReference, a container with 8 env vars, 2 ports, readiness "
                      + "and liveness probes, resources, a projected service-account volume, status with 5 conditions, "
                      + "podIPs and a container status, managedFields of kube-controller-manager and kubelet), a Service, "
                      + "an EndpointSlice listing the Pods, an ingress-nginx Ingress with TLS and 3 annotations, and an "
                      + "Observe policy per namespace. Average JSON size: Pod %,.0f B, EndpointSlice %,.0f B, Service %,.0f B, "
                      + "Ingress %,.0f B (only the Pods carry managedFields). Baseline: the same operator against a cluster "
                      + "with only the policies, ConfigMap and IngressClass, interleaved.\n\n",
                  r.plan().interval().toSeconds(),
                  r.plan().settleAtMost().toSeconds(),
                  p.ingresses(),
                  r.plan().namespaces(),
                  r.plan().podsPerApp(),
                  p.podJsonBytes(),
                  p.sliceJsonBytes(),
                  p.serviceJsonBytes(),
                  p.ingressJsonBytes()))
          .append(
              String.format(
                  Locale.ROOT,
                  "How the cluster was filled (%.0f s): creating objects over HTTP takes "
                      + "the CRUD mock ~100 per second here (10k Pods took 88 s, and it slows as it fills), so the bench "
                      + "stores them **in-process through the mock's CRUD dispatcher** (`KubernetesCrudDispatcher.processEvent`, "
                      + "what its POST handler does after validation, with a resourceVersion from its counter); the "
                      + "operator then lists and watches them over HTTP like any client.\n\n",
                  p.seconds()));
      md.append(
          "| cluster | ready after (s) | heap in use after GC (MB) | live objects (MB) | readings (MB, first "
              + "repetition) |\n|---|---|---|---|---|\n");
      heapRow(md, "empty", r.heapEmpty());
      heapRow(
          md,
          String.format(
              Locale.ROOT,
              "%,d Ingresses, %,d Pods, %,d Services, %,d EndpointSlices",
              p.ingresses(),
              p.pods(),
              p.services(),
              p.slices()),
          r.heapFull());
      double full = OperatorReport.heapUsedMb(r.heapFull()).median();
      double empty = OperatorReport.heapUsedMb(r.heapEmpty()).median();
      md.append(
          String.format(
              Locale.ROOT,
              "\nDifference: %.0f MB, i.e. %,.0f bytes per app (Ingress + %d Pods + "
                  + "Service + EndpointSlice).\n\n",
              full - empty,
              (full - empty) * 1048576 / Math.max(1, p.ingresses()),
              r.plan().podsPerApp()));
      HeapBench.Run withHistogram =
          r.heapFull().stream().filter(x -> x.histogram() != null).findFirst().orElse(null);
      if (withHistogram != null) {
        md.append(
            "Largest classes, full cluster (first repetition):\n\n| class | instances | MB |\n|---|---|---|\n");
        for (Object[] c : withHistogram.histogram().largest(10)) {
          md.append(
              String.format(
                  Locale.ROOT,
                  "| `%s` | %,d | %.1f |\n",
                  c[0],
                  (long) c[1],
                  (long) c[2] / 1048576.0));
        }
        md.append('\n');
      }
      md.append(
          "Why several readings: after the sync the heap in use swings between readings (in one run "
              + "of 2026-12-03 from 182 MB to 346 MB and back) while the live objects stay the same — a "
              + "transient allocation not yet traced — so the bench reads until three agree. The "
              + "informers list in pages of 500 (`ClusterIndex.LIST_PAGE`), so no list response holds "
              + "more than 500 objects; before paging the whole JSON of each list (~293 MB for 50k Pods) "
              + "stayed reachable after the sync from the JDK HttpClient's finished exchange and was most "
              + "of the figure.\n\n");
    }
  }

  static String readings(HeapBench.Run run) {
    return run.readingsMb() == null
        ? ""
        : run.readingsMb().stream()
            .map(v -> String.format(Locale.ROOT, "%.0f", v))
            .collect(Collectors.joining(" → "));
  }

  private static void heapRow(StringBuilder md, String label, List<HeapBench.Run> runs) {
    md.append("| ")
        .append(label)
        .append(" | ")
        .append(fmt("%.1f", Stats.summarize(runs.stream().map(x -> x.readyMs() / 1e3).toList())))
        .append(" | ")
        .append(fmt("%.1f", Stats.summarize(runs.stream().map(HeapBench.Run::heapUsedMb).toList())))
        .append(" | ")
        .append(fmt("%.1f", Stats.summarize(runs.stream().map(HeapBench.Run::liveMb).toList())))
        .append(" | ")
        .append(runs.isEmpty() ? "" : readings(runs.get(0)))
        .append(" |\n");
  }
}
