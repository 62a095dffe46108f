package io.wsaudit.operator.proxy.nginx.log;

/**
 * What the operator reads from an access-log line, each given by some nginx variables. A format
 * that names none of a signal's variables cannot give it; the policy status says so, with the
 * variable to add.
 */
public enum LogSignal {
  TIME("$time_iso8601", "the end of each connection"),
  REQUEST("$request", "the method and path, to find the Ingress rule"),
  HOST("$host", "the host, to find the Ingress rule"),
  STATUS("$status", "whether the upgrade succeeded (101)"),
  DURATION("$request_time", "each connection's lifetime"),
  UPSTREAM_NAME("$proxy_upstream_name", "the Service behind the Ingress"),
  UPSTREAM_ADDR("$upstream_addr", "the backend pod"),
  REQUEST_ID("$req_id", "the X-Request-ID that joins the proxy's line to the agent's spans"),
  UPGRADE("$http_upgrade", "rejected upgrades, told apart from plain requests");

  private final String variable;
  private final String gives;

  LogSignal(String variable, String gives) {
    this.variable = variable;
    this.gives = gives;
  }

  /** The nginx variable to add to the format for this signal. */
  public String variable() {
    return variable;
  }

  /** What the signal tells, for status messages. */
  public String gives() {
    return gives;
  }
}
