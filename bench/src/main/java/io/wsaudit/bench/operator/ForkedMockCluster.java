package io.wsaudit.bench.operator;

import io.wsaudit.testkit.process.ForkedJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The heap bench's large cluster in a JVM of its own: the mock renders a whole list as one string
 * before its pages are cut (Fabric8's CRUD dispatcher, then testkit's {@code ListPages}), ~2× the
 * list's JSON at its peak (~600 MB for 50k Pods); inside the bench JVM that ran it out of heap
 * while the forked operator was listing. Filled as {@link HeapBench#cluster}; answers until its
 * stdin closes. {@link #main} is the fork's side.
 */
public final class ForkedMockCluster implements AutoCloseable {

  private static final Pattern POPULATION = Pattern.compile("^population (.+)$");
  private static final Pattern KUBECONFIG = Pattern.compile("^kubeconfig (.+)$");

  private final ForkedJvm jvm;
  private final Path kubeconfig;
  private final HeapBench.Population population;

  private ForkedMockCluster(ForkedJvm jvm, Path kubeconfig, HeapBench.Population population) {
    this.jvm = jvm;
    this.kubeconfig = kubeconfig;
    this.population = population;
  }

  /** Forks the mock with this heap, fills it and waits (at most {@code atMost}) until it serves. */
  public static ForkedMockCluster start(
      int apps, int podsPerApp, int namespaces, String maxHeap, Path dir, Duration atMost)
      throws IOException {
    ForkedJvm jvm =
        ForkedJvm.builder("mock-api", ForkedMockCluster.class.getName())
            .classPath(System.getProperty("java.class.path"))
            .jvmArgs(List.of("-Xmx" + maxHeap))
            .args(
                List.of(
                    Integer.toString(apps),
                    Integer.toString(podsPerApp),
                    Integer.toString(namespaces),
                    dir.toString()))
            .start();
    try {
      HeapBench.Population p = parse(jvm.awaitLine(POPULATION, atMost).group(1));
      Path kubeconfig = Path.of(jvm.awaitLine(KUBECONFIG, Duration.ofMinutes(1)).group(1));
      return new ForkedMockCluster(jvm, kubeconfig, p);
    } catch (RuntimeException e) {
      jvm.close();
      throw e;
    }
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  public HeapBench.Population population() {
    return population;
  }

  public long pid() {
    return jvm.pid();
  }

  @Override
  public void close() {
    jvm.close();
    try {
      Files.deleteIfExists(kubeconfig);
    } catch (IOException e) {
      // a temporary file; nothing depends on it
    }
  }

  static String format(HeapBench.Population p) {
    return String.format(
        Locale.ROOT,
        "%d %d %d %d %s %s %s %s %s",
        p.ingresses(),
        p.pods(),
        p.services(),
        p.slices(),
        p.podJsonBytes(),
        p.ingressJsonBytes(),
        p.serviceJsonBytes(),
        p.sliceJsonBytes(),
        p.seconds());
  }

  static HeapBench.Population parse(String line) {
    String[] f = line.trim().split(" ");
    return new HeapBench.Population(
        Integer.parseInt(f[0]),
        Integer.parseInt(f[1]),
        Integer.parseInt(f[2]),
        Integer.parseInt(f[3]),
        Double.parseDouble(f[4]),
        Double.parseDouble(f[5]),
        Double.parseDouble(f[6]),
        Double.parseDouble(f[7]),
        Double.parseDouble(f[8]));
  }

  /** The fork: {@code apps podsPerApp namespaces dir}; serves until stdin ends. */
  public static void main(String[] args) throws Exception {
    HeapBench.Population[] pop = new HeapBench.Population[1];
    try (MockCluster cluster =
        HeapBench.cluster(
            Integer.parseInt(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]), pop)) {
      Path kubeconfig = cluster.kubeconfig(Files.createTempDirectory(Path.of(args[3]), "mock"));
      System.out.println("population " + format(pop[0]));
      System.out.println("kubeconfig " + kubeconfig);
      System.out.flush();
      // Until the bench closes our stdin (or dies).
      while (System.in.read() >= 0) {
        // nothing to read
      }
    }
  }
}
