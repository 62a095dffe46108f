package io.wsaudit.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The two Dockerfiles (which cannot be built on this machine) copy the jars the Maven build writes,
 * and agree with the chart and the docs on user, ports and the agent's path.
 */
class DockerfilesTest {

  @Test
  void operatorImageRunsTheShadedJarAsTheChartsNonRootUserAndExposesItsPorts() throws IOException {
    List<String> lines = dockerfileOf("operator", "<finalName>wsaudit-operator</finalName>");
    assertThat(lines)
        .contains("FROM eclipse-temurin:17-jre")
        .contains("COPY operator/target/wsaudit-operator.jar /opt/wsaudit/wsaudit-operator.jar")
        .contains("EXPOSE 4317 4318 8080")
        .contains("ENTRYPOINT [\"java\", \"-jar\", \"/opt/wsaudit/wsaudit-operator.jar\"]");
    @SuppressWarnings("unchecked")
    Map<String, Object> pod = (Map<String, Object>) Chart.defaults().get("podSecurityContext");
    assertThat(lines).contains("USER " + pod.get("runAsUser") + ":" + pod.get("runAsGroup"));
  }

  @Test
  void agentImageCarriesTheAgentJarWhereTheDocsAndNotesPointJavaagent() throws IOException {
    List<String> lines =
        dockerfileOf(
            "agent", "<agent.jar>${project.build.directory}/wsaudit-agent.jar</agent.jar>");
    assertThat(lines)
        .anyMatch(l -> l.startsWith("FROM busybox:"))
        .contains("COPY agent/target/wsaudit-agent.jar /wsaudit/wsaudit-agent.jar")
        .contains("ENTRYPOINT [\"cp\", \"/wsaudit/wsaudit-agent.jar\"]")
        .anyMatch(l -> l.matches("USER [1-9][0-9]*:[1-9][0-9]*"));
    assertThat(Files.readString(Chart.dir().resolve("templates/NOTES.txt")))
        .contains("-javaagent:/wsaudit/wsaudit-agent.jar");
    assertThat(Files.readString(Chart.root().resolve("docs/cluster.md")))
        .contains("-javaagent:/wsaudit/wsaudit-agent.jar")
        .contains("cp\", \"/wsaudit/wsaudit-agent.jar\", \"/shared/wsaudit-agent.jar\"");
  }

  /** The module's Dockerfile, once its pom is seen to name the jar the image copies. */
  private static List<String> dockerfileOf(String module, String jarInPom) throws IOException {
    assertThat(Files.readString(Chart.root().resolve(module + "/pom.xml"))).contains(jarInPom);
    return Files.readAllLines(Chart.root().resolve(module + "/Dockerfile"));
  }
}
