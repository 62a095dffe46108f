package io.wsaudit.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConnectionKeyTest {

  private static final InetSocketAddress LOCAL = new InetSocketAddress("10.9.9.9", 8080);

  @Test
  void theSameEndpointsGiveTheSameKeyWhicheverObjectsCarryThem() {
    long a =
        ConnectionKey.of(
            new InetSocketAddress("10.9.9.9", 8080), new InetSocketAddress("10.1.2.3", 40000));
    long b = ConnectionKey.of(LOCAL, new InetSocketAddress("10.1.2.3", 40000));
    assertThat(a).isEqualTo(b);
    assertThat(
            ConnectionKey.of(
                new InetSocketAddress("::1", 8080), new InetSocketAddress("::1", 40000)))
        .isEqualTo(
            ConnectionKey.of(
                new InetSocketAddress("0:0:0:0:0:0:0:1", 8080),
                new InetSocketAddress("0:0:0:0:0:0:0:1", 40000)));
  }

  @Test
  void everyPartOfEitherEndpointCounts() {
    long base = ConnectionKey.of(LOCAL, new InetSocketAddress("10.1.2.3", 40000));
    assertThat(ConnectionKey.of(LOCAL, new InetSocketAddress("10.1.2.3", 40001)))
        .isNotEqualTo(base);
    assertThat(ConnectionKey.of(LOCAL, new InetSocketAddress("10.1.2.4", 40000)))
        .isNotEqualTo(base);
    assertThat(
            ConnectionKey.of(
                new InetSocketAddress("10.9.9.9", 8081), new InetSocketAddress("10.1.2.3", 40000)))
        .isNotEqualTo(base);
    assertThat(
            ConnectionKey.of(
                new InetSocketAddress("10.9.9.8", 8080), new InetSocketAddress("10.1.2.3", 40000)))
        .isNotEqualTo(base);
    // the two ends are not interchangeable
    assertThat(ConnectionKey.of(new InetSocketAddress("10.1.2.3", 40000), LOCAL))
        .isNotEqualTo(base);
    assertThat(ConnectionKey.of(null, null))
        .isNotEqualTo(base)
        .isEqualTo(ConnectionKey.of(null, null));
  }

  @Test
  void manyPeersBehindOneAddressDoNotCollide() {
    Set<Long> keys = new HashSet<>();
    for (int host = 0; host < 16; host++) {
      for (int port = 1024; port < 65536; port += 4) {
        keys.add(ConnectionKey.of(LOCAL, new InetSocketAddress("10.1.2." + host, port)));
        keys.add(
            ConnectionKey.of(
                new InetSocketAddress("fd00::1", 8080),
                new InetSocketAddress("fd00::" + Integer.toHexString(host + 2), port)));
      }
    }
    assertThat(keys).hasSize(2 * 16 * ((65536 - 1024) / 4));
  }
}
