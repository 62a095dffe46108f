package io.wsaudit.operator.otlp;

import io.wsaudit.operator.config.OperatorConfig;
import io.wsaudit.operator.otlp.admission.Admissions;
import io.wsaudit.operator.otlp.admission.IngestAdmission;
import io.wsaudit.operator.trust.Authenticator;
import java.io.IOException;

/**
 * Both OTLP receivers as configured, with one authenticator and one admission: together they decode
 * a bounded amount at once, whatever the signal.
 */
public final class OtlpReceivers implements AutoCloseable {

  private final OtlpHttpReceiver http;
  private final OtlpGrpcReceiver grpc;

  /** With {@code logs} null, only traces are received. */
  public OtlpReceivers(
      OperatorConfig config, Authenticator authenticator, OtlpIngest traces, LogsIngest logs)
      throws IOException {
    IngestAdmission admission = Admissions.forBody(config.otlpMaxBodyBytes());
    this.http =
        new OtlpHttpReceiver(
            config.bindAddress(),
            config.otlpHttpPort(),
            config.otlpMaxBodyBytes(),
            authenticator,
            traces,
            logs,
            admission);
    this.grpc =
        new OtlpGrpcReceiver(
            config.bindAddress(),
            config.otlpGrpcPort(),
            config.otlpMaxBodyBytes(),
            authenticator,
            traces,
            logs,
            admission);
  }

  public void start() throws IOException {
    http.start();
    grpc.start();
  }

  public int httpPort() {
    return http.port();
  }

  public int grpcPort() {
    return grpc.port();
  }

  @Override
  public void close() {
    http.close();
    grpc.close();
  }
}
