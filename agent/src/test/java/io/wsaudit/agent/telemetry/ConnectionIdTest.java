package io.wsaudit.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The connection id is derived from the key and the moment of the 101, not stored. */
class ConnectionIdTest {

  @Test
  void aReusedKeyOrASharedMomentStillGivesAnotherId() {
    long t = System.nanoTime();
    long id = OpenConnection.connectionId(7, t);
    assertThat(OpenConnection.connectionId(7, t)).isEqualTo(id);
    assertThat(OpenConnection.connectionId(7, t + 1)).isNotEqualTo(id);
    assertThat(OpenConnection.connectionId(8, t)).isNotEqualTo(id);

    Set<Long> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      ids.add(OpenConnection.connectionId(7, t + i));
      ids.add(OpenConnection.connectionId(1_000 + i, t));
    }
    assertThat(ids).hasSize(20_000);
  }

  @Test
  void theOpenConnectionsIdIsTheOneItsHandshakeCarried() {
    long opened = System.nanoTime();
    OpenConnection c =
        new OpenConnection(
            99, 1, 2, 3, (byte) 1, null, opened, "/", null, new ServerSide("13", null, "t"));
    assertThat(c.connectionId()).isEqualTo(OpenConnection.connectionId(99, opened));
    assertThat(c.connectionKey()).isEqualTo(99);
  }
}
