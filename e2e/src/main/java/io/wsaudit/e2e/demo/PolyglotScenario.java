package io.wsaudit.e2e.demo;

import io.wsaudit.e2e.stage.Stage;
import io.wsaudit.operator.proxy.ingressnginx.LogFormats;
import java.util.Map;

/**
 * The idle timeout with a backend the agent cannot see: a Python {@code websockets} server behind
 * {@code proxy-read-timeout: "3"}. The operator gets only ingress-nginx's access and error logs,
 * shipped as OTLP logs (what a Collector's filelog would send), and fixes the Ingress from them.
 */
final class PolyglotScenario extends IdleScenario {

  @Override
  public String name() {
    return "polyglot";
  }

  @Override
  public String headline() {
    return "Ingress shop/chat routes a Python websockets backend with NO agent and has"
        + " proxy-read-timeout \"3\": the operator sees only ingress-nginx's access and error logs";
  }

  @Override
  Stage.App app(Apps apps) {
    return apps.python();
  }

  @Override
  public Map<String, String> controllerConfig() {
    // The format helm/wsaudit recommends, and the error log at info for the idle cut's line.
    return Map.of(
        "worker-shutdown-timeout", "10s",
        "log-format-upstream",
            LogFormats.DEFAULT_UPSTREAM + " $host \"$http_upgrade\" \"$http_connection\"",
        "error-log-level", "info");
  }

  @Override
  public boolean fromProxyLogs() {
    return true;
  }
}
