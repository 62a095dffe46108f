package io.wsaudit.bench.operator;

import io.fabric8.kubernetes.api.model.Pod;
import io.wsaudit.bench.Histogram;
import io.wsaudit.bench.Machine;
import io.wsaudit.operator.api.v1alpha1.Mode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The forked operator's heap after a full GC with its informer caches filled: {@code ingresses}
 * apps, each a Deployment-like set of {@code podsPerApp} Pods behind a Service and its
 * EndpointSlice and one ingress-nginx Ingress, spread over namespaces; baseline the same operator
 * against the same cluster with no app in it.
 */
public final class HeapBench {

  /** One operator run. */
  public record Run(
      int rep,
      int ingresses,
      int pods,
      double readyMs,
      double heapUsedMb,
      double liveMb,
      List<Double> readingsMb,
      Histogram histogram) {}

  /** What was put in the cluster. */
  public record Population(
      int ingresses,
      int pods,
      int services,
      int slices,
      double podJsonBytes,
      double ingressJsonBytes,
      double serviceJsonBytes,
      double sliceJsonBytes,
      double seconds) {}

  private final Path jar;
  private final List<String> jvmArgs;

  public HeapBench(Path jar, List<String> jvmArgs) {
    this.jar = jar;
    this.jvmArgs = jvmArgs;
  }

  /** Fills the cluster through the CRUD dispatcher in-process ({@link MockCluster#bulkCreate}). */
  public static Population populate(MockCluster cluster, int apps, int podsPerApp, int namespaces) {
    long t0 = System.nanoTime();
    long podBytes = 0;
    long ingressBytes = 0;
    long serviceBytes = 0;
    long sliceBytes = 0;
    for (int a = 0; a < apps; a++) {
      String ns = "team-" + (a % namespaces);
      String app = "app-" + a;
      List<Pod> pods = new ArrayList<>();
      for (int r = 0; r < podsPerApp; r++) {
        Pod p = RealisticObjects.pod(ns, app, a, r);
        pods.add(p);
        podBytes += cluster.bulkCreate("/api/v1/namespaces/" + ns + "/pods", p);
      }
      serviceBytes +=
          cluster.bulkCreate(
              "/api/v1/namespaces/" + ns + "/services", RealisticObjects.service(ns, app, a));
      sliceBytes +=
          cluster.bulkCreate(
              "/apis/discovery.k8s.io/v1/namespaces/" + ns + "/endpointslices",
              RealisticObjects.slice(ns, app, a, pods));
      ingressBytes +=
          cluster.bulkCreate(
              "/apis/networking.k8s.io/v1/namespaces/" + ns + "/ingresses",
              RealisticObjects.ingress(ns, app, a));
    }
    int pods = apps * podsPerApp;
    return new Population(
        apps,
        pods,
        apps,
        apps,
        pods == 0 ? 0 : podBytes / (double) pods,
        apps == 0 ? 0 : ingressBytes / (double) apps,
        apps == 0 ? 0 : serviceBytes / (double) apps,
        apps == 0 ? 0 : sliceBytes / (double) apps,
        (System.nanoTime() - t0) / 1e9);
  }

  /** A cluster with the controller's ConfigMap and a policy per namespace, plus the apps. */
  public static MockCluster cluster(int apps, int podsPerApp, int namespaces, Population[] out) {
    MockCluster c = new MockCluster();
    c.controllerConfigMap(Map.of("proxy-http-version", "1.1", "worker-shutdown-timeout", "240s"));
    for (int n = 0; n < Math.max(1, Math.min(namespaces, apps)); n++) {
      c.policy("team-" + n, "audit", Mode.Observe, 3);
    }
    out[0] = populate(c, apps, podsPerApp, namespaces);
    return c;
  }

  /**
   * Forks the operator against the cluster, waits for its caches, then reads its heap after full
   * GCs every {@code interval} until three readings in a row are within 5 % of each other (or
   * {@code atMost} has passed); the run's figure is the last reading.
   */
  public Run measure(
      Path kubeconfig,
      int rep,
      int ingresses,
      int pods,
      boolean histogram,
      Duration interval,
      Duration atMost)
      throws Exception {
    try (ForkedOperator op = ForkedOperator.start(jar, kubeconfig, jvmArgs)) {
      double ready = op.awaitReady(Duration.ofMinutes(10));
      // Why not one reading at once: the JDK HttpClient (Fabric8's transport in the jar) keeps the
      // informers' list
      // responses (the whole JSON, ~290 MB for 50k Pods) reachable for a while after the sync —
      // from its
      // request-timeout timer or a finished HTTP/2 stream (seen in heap dumps) — and lets go of
      // them later.
      List<Double> readings = new ArrayList<>();
      long deadline = System.nanoTime() + atMost.toNanos();
      while (true) {
        readings.add(op.heapUsedAfterGc() / 1048576.0);
        if (settled(readings) || System.nanoTime() > deadline) {
          break;
        }
        Thread.sleep(interval.toMillis());
      }
      if (!settled(readings)) {
        // What the operator was doing meanwhile (a relist, a failing watch) explains the swing.
        Machine.log(
            "  heap readings did not settle; the forked operator's last lines:\n" + op.tail());
      }
      Histogram h = histogram ? op.histogram() : null;
      return new Run(
          rep,
          ingresses,
          pods,
          ready,
          readings.get(readings.size() - 1),
          h == null ? Double.NaN : h.totalBytes() / 1048576.0,
          readings,
          h);
    }
  }

  static boolean settled(List<Double> r) {
    if (r.size() < 3) {
      return false;
    }
    List<Double> last = r.subList(r.size() - 3, r.size());
    double min = last.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    double max = last.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    return max <= min * 1.05;
  }
}
