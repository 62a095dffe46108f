package io.wsaudit.operator.proxy.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.operator.proxy.haproxy.HaproxySetting.Source;
import io.wsaudit.operator.proxy.haproxy.HaproxySettings.Timer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HaproxySettingsTest {

  /** "k=v;k2=v2" (empty: none) into a map. */
  static Map<String, String> map(String pairs) {
    if (pairs == null || pairs.isBlank()) {
      return Map.of();
    }
    java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
    for (String pair : pairs.split(";")) {
      String[] kv = pair.split("=", 2);
      out.put(kv[0].trim(), kv[1].trim());
    }
    return out;
  }

  @Test
  void theControllersDefaults() {
    HaproxySettings s = HaproxySettings.defaults();
    assertThat(s.client().millis()).isEqualTo(50_000);
    assertThat(s.server().millis()).isEqualTo(50_000);
    assertThat(s.tunnel().millis()).isEqualTo(3_600_000);
    assertThat(s.httpKeepAlive().millis()).isEqualTo(60_000);
    assertThat(s.hardStopAfter().millis()).isEqualTo(1_800_000);
    assertThat(s.tunnelIdleLimit())
        .isEqualTo(new HaproxySettings.IdleLimit(3_600_000, Timer.TUNNEL, s.tunnel()));
    assertThat(s.tunnel().source()).isEqualTo(Source.DEFAULT);
  }

  @ParameterizedTest(name = "ingress[{0}] service[{1}] configmap[{2}] -> {3} ms from {4}")
  @CsvSource(
      delimiter = '|',
      value = {
        // Service > Ingress > ConfigMap > default, any prefix
        "haproxy.org/timeout-server=5s||| 5000| INGRESS",
        "ingress.kubernetes.io/timeout-server=6s||| 6000| INGRESS",
        "|haproxy.com/timeout-server=7s|| 7000| SERVICE",
        "haproxy.org/timeout-server=5s|haproxy.org/timeout-server=8s|| 8000| SERVICE",
        "||timeout-server=9s| 9000| CONFIGMAP",
        "haproxy.org/timeout-server=5s||timeout-server=9s| 5000| INGRESS",
        "||| 50000| DEFAULT",
        // an invalid value is ignored: the backend inherits the defaults section
        "haproxy.org/timeout-server=5 seconds||| 50000| DEFAULT",
        "haproxy.org/timeout-server=5s|haproxy.org/timeout-server=soon|timeout-server=9s| 9000|"
            + " CONFIGMAP",
        // a bare integer is milliseconds
        "haproxy.org/timeout-server=30000||| 30000| INGRESS"
      })
  void backendTimeoutServer(
      String ingress, String service, String configMap, long millis, Source source) {
    HaproxySetting server =
        HaproxySettings.resolve(map(ingress), map(service), map(configMap)).server();
    assertThat(server.millis()).isEqualTo(millis);
    assertThat(server.source()).isEqualTo(source);
  }

  @ParameterizedTest(name = "ingress[{0}] configmap[{1}] -> {2} ms by {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        // the tunnel timer supersedes client and server, even a shorter one
        "haproxy.org/timeout-server=5s|| 3600000| TUNNEL",
        "haproxy.org/timeout-server=2h|timeout-tunnel=30m| 1800000| TUNNEL",
        "|timeout-tunnel=2s;timeout-client=1s;timeout-server=3s| 2000| TUNNEL",
        // timeout tunnel 0 is no timer, not infinity: the shorter of client and server decides
        "|timeout-tunnel=0| 50000| SERVER",
        "haproxy.org/timeout-server=5s|timeout-tunnel=0;timeout-client=1s| 1000| CLIENT",
        "haproxy.org/timeout-server=5s|timeout-tunnel=0;timeout-client=6s| 5000| SERVER",
        "|timeout-tunnel=0;timeout-client=4s;timeout-server=2s| 2000| SERVER",
        "|timeout-tunnel=0;timeout-client=1s;timeout-server=3s| 1000| CLIENT",
        "|timeout-tunnel=0;timeout-client=2s;timeout-server=0| 2000| CLIENT",
        // an invalid tunnel value is ignored: the default 1h stays
        "|timeout-tunnel=forever| 3600000| TUNNEL",
        "|timeout-tunnel=0;timeout-server=0;timeout-client=0| 0| NONE"
      })
  void idleLimitOfAnUpgradedConnection(String ingress, String configMap, long millis, Timer timer) {
    HaproxySettings.IdleLimit limit =
        HaproxySettings.resolve(map(ingress), null, map(configMap)).tunnelIdleLimit();
    assertThat(limit.millis()).isEqualTo(millis);
    assertThat(limit.timer()).isEqualTo(timer);
  }

  @Test
  void configMapOnlyKeysAreNotReadFromObjects() {
    Map<String, String> ingress =
        map(
            "haproxy.org/timeout-tunnel=5s;haproxy.org/timeout-client=5s;"
                + "haproxy.org/hard-stop-after=5s;haproxy.org/timeout-http-keep-alive=5s");
    HaproxySettings s = HaproxySettings.resolve(ingress, ingress, null);
    assertThat(s).isEqualTo(HaproxySettings.defaults());
    assertThat(HaproxyKeys.CONFIGMAP_ONLY)
        .containsExactlyInAnyOrder(
            "timeout-tunnel", "timeout-client", "hard-stop-after", "timeout-http-keep-alive")
        .doesNotContain(HaproxyKeys.TIMEOUT_SERVER);
  }

  @Test
  void configMapKeysKeepTheirRawValueAndName() {
    HaproxySettings s =
        HaproxySettings.resolve(null, null, map("timeout-tunnel=0;hard-stop-after=10s"));
    assertThat(s.tunnel())
        .isEqualTo(
            new HaproxySetting("timeout-tunnel", 0, Source.CONFIGMAP, "timeout-tunnel", "0"));
    assertThat(s.hardStopAfter().millis()).isEqualTo(10_000);
    assertThat(s.hardStopAfter().source()).isEqualTo(Source.CONFIGMAP);
  }

  @Test
  void controllerNameAndPrefixes() {
    assertThat(HaproxyKeys.CONTROLLER).isEqualTo("haproxy.org/ingress-controller");
    assertThat(HaproxyKeys.annotation("timeout-server")).isEqualTo("haproxy.org/timeout-server");
    assertThat(HaproxyKeys.presentName(map("haproxy.com/timeout-server=1s"), "timeout-server"))
        .isEqualTo("haproxy.com/timeout-server");
    assertThat(HaproxyKeys.presentName(map("nginx.org/timeout-server=1s"), "timeout-server"))
        .isNull();
  }
}
