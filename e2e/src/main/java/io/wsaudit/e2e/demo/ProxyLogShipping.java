package io.wsaudit.e2e.demo;

import io.wsaudit.e2e.Timeline;
import io.wsaudit.e2e.stage.Stage;
import io.wsaudit.testkit.otlp.LogShipper;
import java.time.Duration;

/** The demo's stand-in for the OpenTelemetry Collector on the controller pod's logs. */
final class ProxyLogShipping {

  static final String CONTROLLER_POD = "ingress-nginx-controller-6f7c9d8b4-x2k4q";

  private ProxyLogShipping() {}

  /** Ships the scenario's nginx logs to its operator from now on. */
  static LogShipper start(Stage stage, Timeline tl) {
    tl.event(
        "setup",
        "no agent: nginx's access log (as stdout) and error log (as stderr) of the modelled pod "
            + Stage.CONTROLLER_NS
            + "/"
            + CONTROLLER_POD
            + " go to the operator as OTLP logs (POST "
            + stage.operatorOtlpEndpoint()
            + "/v1/logs), as a Collector's filelog receiver would send them");
    return LogShipper.to(stage.operatorOtlpEndpoint())
        .pod(Stage.CONTROLLER_NS, CONTROLLER_POD, "controller")
        .stdout(stage.controller().accessLog())
        .stderr(stage.controller().errorLog())
        .flushInterval(Duration.ofMillis(200))
        .start();
  }
}
