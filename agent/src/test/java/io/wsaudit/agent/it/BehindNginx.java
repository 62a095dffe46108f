package io.wsaudit.agent.it;

import io.wsaudit.testkit.otlp.OtlpCollector;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The nginx ITs' world: echo apps with the agent, each behind its own {@link NginxProxy}, all
 * exporting to one collector; closed together, as far as each close goes.
 */
final class BehindNginx implements AutoCloseable {

  final OtlpCollector collector;
  private final List<ForkedServer> servers = new ArrayList<>();
  private final List<NginxProxy> proxies = new ArrayList<>();

  private BehindNginx(OtlpCollector collector) {
    this.collector = collector;
  }

  /** Skips the calling test where nginx is absent ({@link NginxProxy#assumeInstalled}). */
  static BehindNginx start(ForkedServer.Builder... apps) throws IOException {
    NginxProxy.assumeInstalled();
    BehindNginx world = new BehindNginx(new OtlpCollector());
    try {
      for (ForkedServer.Builder app : apps) {
        ForkedServer server = app.exportTo(world.collector).start();
        world.servers.add(server);
        world.proxies.add(NginxProxy.start(server.port()));
      }
    } catch (IOException | RuntimeException e) {
      world.close();
      throw e;
    }
    return world;
  }

  /** The proxy in front of the {@code i}-th app. */
  NginxProxy proxy(int i) {
    return proxies.get(i);
  }

  /** Proxies first, then the apps, then the collector. */
  @Override
  public void close() {
    List<AutoCloseable> all = new ArrayList<>(proxies);
    all.addAll(servers);
    all.add(collector);
    for (AutoCloseable c : all) {
      try {
        c.close();
      } catch (Exception ignored) {
        // best effort: the rest still closes
      }
    }
  }
}
