package io.wsaudit.operator.proxy.haproxy;

import static io.wsaudit.operator.proxy.haproxy.HaproxySettingsTest.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wsaudit.operator.proxy.haproxy.HaproxyFix.AnnotationChange;
import io.wsaudit.operator.proxy.haproxy.HaproxyFix.ConfigMapReport;
import io.wsaudit.operator.proxy.haproxy.HaproxyFix.Target;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HaproxyFixesTest {

  private static final long HOUR = 3_600_000;

  @ParameterizedTest(name = "ingress[{0}] service[{1}] -> {2} {3}={4} (was {5})")
  @CsvSource(
      delimiter = '|',
      value = {
        // tunnel off: timeout server decides; the fix goes where the controller reads it first
        "||INGRESS|haproxy.org/timeout-server|1h|",
        "haproxy.com/timeout-server=5s||INGRESS|haproxy.com/timeout-server|1h|5s",
        "haproxy.org/timeout-server=5s|haproxy.org/timeout-server=10s|SERVICE"
            + "|haproxy.org/timeout-server|1h|10s",
        // an invalid Service value still shadows the Ingress: replace it there
        "haproxy.org/timeout-server=5s|haproxy.org/timeout-server=soon|SERVICE"
            + "|haproxy.org/timeout-server|1h|soon"
      })
  void tunnelOffAnnotationChangeOfTimeoutServer(
      String ingress,
      String service,
      Target target,
      String annotation,
      String value,
      String previous) {
    assertThat(
            HaproxyFixes.forIdleTimeout(
                map(ingress),
                map(service),
                Map.of("timeout-tunnel", "0", "timeout-client", "2h"),
                HOUR))
        .contains(new AnnotationChange(target, annotation, value, previous));
  }

  @ParameterizedTest(name = "ingress[{0}] configmap[{1}] -> report timeout-tunnel={2} (now {3})")
  @CsvSource(
      delimiter = '|',
      value = {
        // the default 1h tunnel timer cuts a 2h wish; timeout-server cannot help
        "haproxy.org/timeout-server=3h||2h|",
        "|timeout-tunnel=30m|2h|30m",
        "|timeout-tunnel=30000|2h|30000"
      })
  void tunnelOnReportTheConfigMapKey(
      String ingress, String configMap, String value, String current) {
    assertThat(HaproxyFixes.forIdleTimeout(map(ingress), null, map(configMap), 2 * HOUR))
        .get()
        .isInstanceOfSatisfying(
            ConfigMapReport.class,
            r -> {
              assertThat(r.key()).isEqualTo("timeout-tunnel");
              assertThat(r.value()).isEqualTo(value);
              assertThat(r.current()).isEqualTo(current);
              assertThat(r.reason()).contains("ConfigMap");
            });
  }

  @Test
  void tunnelOffAndAShortClientTimerReportATunnelTimer() {
    assertThat(
            HaproxyFixes.forIdleTimeout(
                map("haproxy.org/timeout-server=5s"), null, map("timeout-tunnel=0"), HOUR))
        .get()
        .isInstanceOfSatisfying(
            ConfigMapReport.class,
            r -> {
              assertThat(r.key()).isEqualTo("timeout-tunnel");
              assertThat(r.value()).isEqualTo("1h");
              assertThat(r.current()).isEqualTo("0");
              assertThat(r.reason()).contains("timeout client");
            });
  }

  @Test
  void nothingWhenTheLimitAlreadyReaches() {
    assertThat(HaproxyFixes.forIdleTimeout(null, null, null, HOUR)).isEmpty();
    assertThat(
            HaproxyFixes.forIdleTimeout(
                null, null, map("timeout-tunnel=0;timeout-server=0;timeout-client=0"), 100 * HOUR))
        .isEmpty();
    assertThat(
            HaproxyFixes.forIdleTimeout(
                map("haproxy.org/timeout-server=2h"),
                null,
                map("timeout-tunnel=0;timeout-client=2h"),
                HOUR))
        .isEmpty();
  }

  @Test
  void reloadCutsReportHardStopAfter() {
    assertThat(HaproxyFixes.forReloadCut(map("hard-stop-after=10s"), HOUR))
        .contains(
            new ConfigMapReport(
                "hard-stop-after",
                "1h",
                "10s",
                "hard-stop-after is global and the controller reads it only from its ConfigMap"));
    assertThat(HaproxyFixes.forReloadCut(null, 1_800_000)).isEmpty();
  }

  @Test
  void refusesANonPositiveWish() {
    assertThatThrownBy(() -> HaproxyFixes.forIdleTimeout(null, null, null, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
