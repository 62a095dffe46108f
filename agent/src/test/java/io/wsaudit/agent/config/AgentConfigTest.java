package io.wsaudit.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentConfigTest {

  @Test
  void defaults() {
    AgentConfig config = AgentConfig.of(Map.of());
    assertThat(config.earlyCloseThreshold()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.extraCapturedHeaders()).isEmpty();
    assertThat(config.familyEnabled("undertow")).isTrue();
    assertThat(config.debug()).isFalse();
    assertThat(config.maxOpenConnections()).isEqualTo(100_000);
  }

  @Test
  void durationsInTheUsualSpellings() {
    assertThat(AgentConfig.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(AgentConfig.parseDuration("2s")).isEqualTo(Duration.ofSeconds(2));
    assertThat(AgentConfig.parseDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(AgentConfig.parseDuration("250")).isEqualTo(Duration.ofMillis(250));
    assertThat(AgentConfig.parseDuration("PT3S")).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void badValuesSayWhichKeyAndWhy() {
    assertThatThrownBy(
            () ->
                AgentConfig.of(Map.of(AgentConfig.EARLY_CLOSE_THRESHOLD, "soon"))
                    .earlyCloseThreshold())
        .hasMessageContaining("wsaudit.early.close.threshold")
        .hasMessageContaining("soon");
    assertThatThrownBy(
            () -> AgentConfig.of(Map.of("wsaudit.tomcat.enabled", "maybe")).familyEnabled("tomcat"))
        .hasMessageContaining("wsaudit.tomcat.enabled");
    assertThatThrownBy(
            () ->
                AgentConfig.of(Map.of(AgentConfig.MAX_OPEN_CONNECTIONS, "0")).maxOpenConnections())
        .hasMessageContaining("positive");
  }

  @Test
  void headersAndFamilies() {
    AgentConfig config =
        AgentConfig.of(
            Map.of(
                AgentConfig.CAPTURE_HEADERS,
                " X-Tenant, ,Origin ",
                "wsaudit.undertow.enabled",
                "off"));
    assertThat(config.extraCapturedHeaders()).containsExactly("x-tenant", "origin");
    assertThat(config.familyEnabled("undertow")).isFalse();
    assertThat(config.familyEnabled("tomcat")).isTrue();
  }

  @Test
  void environmentNamesAndAgentArguments() {
    assertThat(AgentConfig.envName("wsaudit.early.close.threshold"))
        .isEqualTo("WSAUDIT_EARLY_CLOSE_THRESHOLD");
    assertThat(AgentConfig.envName("wsaudit.java-websocket.enabled"))
        .isEqualTo("WSAUDIT_JAVA_WEBSOCKET_ENABLED");
    assertThat(AgentConfig.parseAgentArgs("early.close.threshold=2s;wsaudit.debug=true"))
        .containsEntry("wsaudit.early.close.threshold", "2s")
        .containsEntry("wsaudit.debug", "true");
  }
}
