package io.wsaudit.agent.telemetry;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * What an OTLP/HTTP sender costs per span, by hand (bench/sender-cost.sh; never run by the build):
 * spans paced like a server's connections go through the SDK's batch processor and exporter with
 * the sender provider named on the command line, to a JDK HTTP server in this JVM; the CPU of every
 * thread but the receiver's and the pacing thread is divided by the spans sent. A JMH benchmark
 * cannot see this cost: most of it is on the sender's own threads.
 */
public final class SenderCost {

  private static final String RECEIVER = "receiver";

  public static void main(String[] args) throws Exception {
    String provider = args[0];
    int spansPerSecond = args.length > 1 ? Integer.parseInt(args[1]) : 4000;
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    receiver.setExecutor(
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, RECEIVER);
              t.setDaemon(true);
              return t;
            }));
    receiver.createContext(
        "/",
        ex -> {
          ex.getRequestBody().readAllBytes();
          ex.getResponseHeaders().add("Content-Type", "application/x-protobuf");
          ex.sendResponseHeaders(200, 0);
          ex.getResponseBody().close();
        });
    receiver.start();
    // The SDK's own switch among several providers on the class path (SenderUtil).
    System.setProperty("io.opentelemetry.sdk.common.export.HttpSenderProvider", provider);
    OtlpHttpSpanExporter exporter =
        OtlpHttpSpanExporter.builder()
            .setEndpoint("http://127.0.0.1:" + receiver.getAddress().getPort() + "/v1/traces")
            .build();
    SdkTracerProvider tracing =
        SdkTracerProvider.builder()
            .addSpanProcessor(
                BatchSpanProcessor.builder(exporter)
                    .setMaxExportBatchSize(128)
                    .setScheduleDelay(Duration.ofMillis(200))
                    .setMaxQueueSize(100_000)
                    .build())
            .build();
    Tracer tracer = tracing.get("sender-cost");
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    String name = provider.substring(provider.lastIndexOf('.') + 1);
    for (int round = 0; round < 3; round++) {
      Map<Long, Long> before = cpu(mx);
      long spans = 0;
      long start = System.nanoTime();
      while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10)) {
        for (int i = 0; i < spansPerSecond / 100; i++) {
          Span s = tracer.spanBuilder("websocket.close").startSpan();
          for (int k = 0; k < 17; k++) {
            s.setAttribute("websocket.attr." + k, "value-" + k);
          }
          s.end();
          spans++;
        }
        Thread.sleep(10);
      }
      // Every span of the round exported before its CPU is read.
      tracing.forceFlush().join(10, TimeUnit.SECONDS);
      long total = 0;
      Map<String, Long> byThread = new TreeMap<>();
      for (Map.Entry<Long, Long> e : cpu(mx).entrySet()) {
        ThreadInfo info = mx.getThreadInfo(e.getKey());
        String thread = info == null ? "?" : info.getThreadName();
        // The receiver's pool and the JDK server's dispatcher are the far end, not the sender.
        if (thread.equals(RECEIVER)
            || thread.equals("HTTP-Dispatcher")
            || e.getKey() == Thread.currentThread().getId()) {
          continue;
        }
        long used = e.getValue() - before.getOrDefault(e.getKey(), 0L);
        total += used;
        byThread.merge(thread.replaceAll("\\d+", "#"), used / 1000 / Math.max(1, spans), Long::sum);
      }
      System.out.printf(
          "%s round %d: %d spans, %.2f us of CPU per span off the calling thread %s%n",
          name, round, spans, total / 1000.0 / spans, byThread);
    }
    tracing.shutdown().join(5, TimeUnit.SECONDS);
    receiver.stop(0);
    System.exit(0);
  }

  private static Map<Long, Long> cpu(ThreadMXBean mx) {
    Map<Long, Long> m = new HashMap<>();
    for (long id : mx.getAllThreadIds()) {
      long c = mx.getThreadCpuTime(id);
      if (c >= 0) {
        m.put(id, c);
      }
    }
    return m;
  }
}
