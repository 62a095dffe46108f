package io.wsaudit.operator.serving;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Creates the JDK HTTP servers (OTLP/HTTP and the ops endpoints) with the timeouts the JDK offers
 * only as system properties ({@code sun.net.httpserver.*}, read once when the first server is
 * created): a client trickling its headers or body is cut off after {@link #MAX_REQUEST_SECONDS},
 * an idle keep-alive connection after {@link #IDLE_SECONDS}. The JDK server reads headers on its
 * executor's threads, so each slow client holds a thread until then: the pools are sized so that a
 * handful of them stall nothing.
 */
public final class JdkHttpServers {

  static final int MAX_REQUEST_SECONDS = 10;
  static final int MAX_RESPONSE_SECONDS = 10;
  static final int IDLE_SECONDS = 30;

  static {
    setIfAbsent("sun.net.httpserver.maxReqTime", MAX_REQUEST_SECONDS);
    setIfAbsent("sun.net.httpserver.maxRspTime", MAX_RESPONSE_SECONDS);
    setIfAbsent("sun.net.httpserver.idleInterval", IDLE_SECONDS);
    // The timer that enforces maxReqTime/maxRspTime; its default (1 s) is fine, set for clarity.
    setIfAbsent("sun.net.httpserver.timerMillis", 1000);
    setIfAbsent("sun.net.httpserver.maxReqHeaders", 100);
  }

  private JdkHttpServers() {}

  /**
   * A started-later server on {@code address} whose handlers run on up to {@code threads} threads
   * (named {@code name}), which die when idle.
   */
  public static Created create(InetSocketAddress address, int threads, String name)
      throws IOException {
    HttpServer server = HttpServer.create(address, 128);
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
    executor.allowCoreThreadTimeOut(true);
    server.setExecutor(executor);
    return new Created(server, executor);
  }

  /** A server and the executor to shut down with it. */
  public record Created(HttpServer server, ExecutorService executor) {
    public void stop() {
      server.stop(0);
      executor.shutdownNow();
    }
  }

  private static void setIfAbsent(String key, int value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, Integer.toString(value));
    }
  }
}
