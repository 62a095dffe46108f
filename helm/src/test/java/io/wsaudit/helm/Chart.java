package io.wsaudit.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The wsaudit chart as a real helm sees it: lint and template with chosen values, manifests parsed
 * by Fabric8.
 */
public final class Chart {

  public static final String RELEASE = "wsaudit";
  public static final String NAMESPACE = "wsaudit-system";

  /** Values that change every decision the templates make. */
  public static final Map<String, Object> NON_DEFAULT =
      Map.of(
          "replicas", 2,
          "watchNamespaces", List.of("shop", "chat"),
          "serviceMonitor",
              Map.of("enabled", true, "labels", Map.of("release", "kube-prometheus-stack")),
          "controller", Map.of("namespace", "edge", "configMap", "nginx-config"),
          "otlp", Map.of("bearerTokenSecret", Map.of("name", "wsaudit-otlp", "key", "token")));

  private Chart() {}

  public static Path root() {
    return Path.of(System.getProperty("wsaudit.root", "..")).toAbsolutePath().normalize();
  }

  public static Path dir() {
    return root().resolve("helm/wsaudit");
  }

  /**
   * {@code helm template} with the chart's values.yaml merged with {@code overrides} (a values
   * file).
   */
  public static String template(Map<String, Object> overrides) {
    Path values = writeValues(overrides);
    try {
      return new Helm(dir())
          .template()
          .withName(RELEASE)
          .withNamespace(NAMESPACE)
          .withValuesFile(values)
          .call();
    } finally {
      delete(values);
    }
  }

  /**
   * The rendered manifests as Kubernetes objects (kinds without a Fabric8 model become generic
   * resources).
   */
  public static List<HasMetadata> render(Map<String, Object> overrides) {
    List<HasMetadata> out = new ArrayList<>();
    for (String doc : template(overrides).split("(?m)^---\\s*$")) {
      if (doc.lines().allMatch(l -> l.isBlank() || l.startsWith("#"))) {
        continue;
      }
      out.add(Serialization.unmarshal(doc, HasMetadata.class));
    }
    return out;
  }

  /**
   * {@code helm lint} with these values. helm-java 0.0.15's lint takes no values file, so the chart
   * is copied and its values.yaml replaced by the merged values.
   */
  public static LintResult lint(Map<String, Object> overrides) {
    Path copy = null;
    try {
      copy = Files.createTempDirectory("wsaudit-chart").resolve("wsaudit");
      copyTree(dir(), copy);
      Map<String, Object> merged = merge(defaults(), overrides);
      Files.writeString(copy.resolve("values.yaml"), Serialization.asYaml(merged));
      return new Helm(copy).lint().strict().call();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (copy != null) {
        delete(copy.getParent());
      }
    }
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> defaults() {
    try {
      return Serialization.unmarshal(Files.readString(dir().resolve("values.yaml")), Map.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> overrides) {
    Map<String, Object> out = new LinkedHashMap<>(base);
    overrides.forEach(
        (k, v) -> {
          if (v instanceof Map<?, ?> m && out.get(k) instanceof Map<?, ?> b) {
            out.put(k, merge((Map<String, Object>) b, (Map<String, Object>) m));
          } else {
            out.put(k, v);
          }
        });
    return out;
  }

  private static Path writeValues(Map<String, Object> overrides) {
    try {
      Path f = Files.createTempFile("wsaudit-values", ".yaml");
      Files.writeString(f, overrides.isEmpty() ? "{}\n" : Serialization.asYaml(overrides));
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  private static void delete(Path p) {
    try (Stream<Path> paths = Files.walk(p)) {
      paths.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temporary file left behind is harmless
    }
  }
}
