package io.wsaudit.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class SharedStringsTest {

  private final SharedStrings strings = new SharedStrings();

  @Test
  void equalStringsBecomeOneInstance() {
    String first = strings.share(new String("/ws/chat"));
    String second = strings.share(new String("/ws/chat"));
    assertThat(second).isSameAs(first).isEqualTo("/ws/chat");
    assertThat(strings.share(null)).isNull();
  }

  @Test
  void aNewValueTakesItsSlotOverAndStillComesBackEqual() {
    for (int i = 0; i < 10_000; i++) {
      assertThat(strings.share("/ws/" + i)).isEqualTo("/ws/" + i);
    }
  }

  @Test
  void addressesAreFormattedNumericallyAndOnce() throws Exception {
    InetAddress v4 = InetAddress.getByAddress("some.host", new byte[] {10, 1, 2, 3});
    String text = strings.address(v4);
    assertThat(text).isEqualTo("10.1.2.3");
    assertThat(strings.address(InetAddress.getByAddress(new byte[] {10, 1, 2, 3}))).isSameAs(text);
    assertThat(strings.address(InetAddress.getByName("::1"))).isEqualTo("0:0:0:0:0:0:0:1");
    assertThat(strings.address(null)).isNull();
  }

  @Test
  void equalServerSidesAreOneInstanceAndAnotherValueGetsItsOwn() {
    SharedStrings strings = new SharedStrings();
    ServerSide side = strings.serverSide("1.1", "example.org", "jetty-12.1");
    assertThat(strings.serverSide("1.1", "example.org", "jetty-12.1")).isSameAs(side);
    ServerSide other = strings.serverSide("1.1", "other.example.org", "jetty-12.1");
    assertThat(other).isNotSameAs(side);
    assertThat(other.serverAddress).isEqualTo("other.example.org");
    assertThat(other.protocolVersion).isEqualTo("1.1");
    assertThat(other.server).isEqualTo("jetty-12.1");
    ServerSide none = strings.serverSide("1.1", null, "jetty-12.1");
    assertThat(none.serverAddress).isNull();
    assertThat(strings.serverSide("1.1", null, "jetty-12.1")).isSameAs(none);
  }
}
