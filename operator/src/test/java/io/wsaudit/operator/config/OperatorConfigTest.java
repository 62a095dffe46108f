package io.wsaudit.operator.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.operator.proxy.ControllerSettings;
import io.wsaudit.operator.tracing.TraceLinks;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OperatorConfigTest {

  static final OperatorConfig DEFAULTS = OperatorConfig.defaults();

  static Stream<Arguments> copies() {
    return Stream.of(
        row(
            "withPorts",
            c -> c.withPorts("127.0.0.1", 1, 2, 3),
            "bindAddress",
            "otlpHttpPort",
            "otlpGrpcPort",
            "httpPort"),
        row(
            "withLimits",
            c -> c.withLimits(1024, Optional.of("t")),
            "otlpMaxBodyBytes",
            "otlpBearerToken"),
        row(
            "withOtlpAuth",
            c -> c.withOtlpAuth(new OtlpAuth(true, Set.of("x"), List.of())),
            "otlpAuth"),
        row(
            "withTiming",
            c -> c.withTiming(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(2)),
            "patchInterval",
            "gracePeriod",
            "resyncInterval"),
        row("withProxyLogs", c -> c.withProxyLogs(false), "proxyLogs"),
        row(
            "withTraceLinks",
            c -> c.withTraceLinks(TraceLinks.of("http://jaeger-query:16686")),
            "traceLinks"),
        row("withWatchNamespaces", c -> c.withWatchNamespaces(Set.of("shop")), "watchNamespaces"),
        row(
            "withController",
            c -> c.withController(new ControllerSettings("edge", "cm", "edge.example", "x/y")),
            "controller"),
        row(
            "withLeaderElection",
            c -> c.withLeaderElection(true, "lease", Optional.of("ns"), Optional.of("me"), false),
            "leaderElection",
            "leaseName",
            "leaseNamespace",
            "leaseIdentity",
            "exitOnLostLease"));
  }

  private static Arguments row(String name, UnaryOperator<OperatorConfig> copy, String... changed) {
    return Arguments.of(name, copy, changed);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("copies")
  void aCopyChangesItsOwnComponentsAndKeepsEveryOther(
      String name, UnaryOperator<OperatorConfig> copy, String[] changed) {
    OperatorConfig c = copy.apply(DEFAULTS);
    assertThat(c).usingRecursiveComparison().ignoringFields(changed).isEqualTo(DEFAULTS);
    for (String field : changed) {
      assertThat(c)
          .as(field)
          .usingRecursiveComparison()
          .comparingOnlyFields(field)
          .isNotEqualTo(DEFAULTS);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("copies")
  void copiesCompose(String name, UnaryOperator<OperatorConfig> copy, String[] changed) {
    OperatorConfig other =
        DEFAULTS
            .withPorts("10.0.0.1", 9, 9, 9)
            .withTiming(Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1));
    OperatorConfig c = copy.apply(other);
    assertThat(c).usingRecursiveComparison().ignoringFields(changed).isEqualTo(other);
  }
}
