package io.wsaudit.operator.serving;

import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * grpc-java logs a refused connection or message through java.util.logging with a stack trace of
 * some 25 lines, as plain text even when the operator logs JSON. Its two loggers for that are
 * routed here instead: one line per event through SLF4J (so in the configured format), the cause's
 * class and message kept, the stack trace dropped.
 */
public final class GrpcTransportLog {

  private static final Logger LOG = LoggerFactory.getLogger(GrpcTransportLog.class);

  /** Held strongly: java.util.logging keeps loggers weakly, and would forget their settings. */
  private static final List<java.util.logging.Logger> ROUTED =
      List.of(
          java.util.logging.Logger.getLogger(
              "io.grpc.netty.shaded.io.grpc.netty.NettyServerTransport.connections"),
          java.util.logging.Logger.getLogger(
              "io.grpc.netty.shaded.io.grpc.netty.NettyServerStream"));

  private static volatile boolean installed;

  private GrpcTransportLog() {}

  public static synchronized void install() {
    if (installed) {
      return;
    }
    installed = true;
    Handler oneLine =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            if (r.getLevel().intValue() < Level.INFO.intValue()) {
              return;
            }
            Throwable t = r.getThrown();
            LOG.info(
                "OTLP/gRPC connection refused: {}{}",
                r.getMessage(),
                t == null ? "" : ": " + t.toString().replace('\n', ' '));
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    for (java.util.logging.Logger l : ROUTED) {
      l.setUseParentHandlers(false);
      l.addHandler(oneLine);
    }
  }
}
