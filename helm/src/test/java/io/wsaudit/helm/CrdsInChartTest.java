package io.wsaudit.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** helm/wsaudit/crds/ holds exactly the files of the top-level crds/, byte for byte. */
class CrdsInChartTest {

  @Test
  void chartCrdsAreIdenticalToTopLevelCrds() throws IOException {
    Path top = Chart.root().resolve("crds");
    Path chart = Chart.dir().resolve("crds");

    assertThat(names(chart))
        .as("after changing crds/, run: cp crds/*.yml helm/wsaudit/crds/")
        .containsExactlyInAnyOrderElementsOf(names(top))
        .isNotEmpty();
    for (String name : names(top)) {
      assertThat(Files.readString(chart.resolve(name)))
          .as(name + " differs; cp crds/*.yml helm/wsaudit/crds/")
          .isEqualTo(Files.readString(top.resolve(name)));
    }
  }

  private static java.util.List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
