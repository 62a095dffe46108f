package io.wsaudit.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.contract.WsAuditSpans.Cause;
import io.wsaudit.contract.WsAuditSpans.Initiator;
import org.junit.jupiter.api.Test;

class CloseDecisionTest {

  private static final long SECOND = 1_000_000_000L;

  private static CloseDecision decide(
      int by, int code, String hint, String transport, String fallback, long nanos) {
    return CloseDecision.decide(by, code, "r", hint, transport, fallback, nanos, SECOND);
  }

  @Test
  void theFirstCloseFrameOnTheWireDecides() {
    CloseDecision server = decide(OpenConnection.SERVER, 4000, null, null, null, 2 * SECOND);
    assertThat(server.initiator).isEqualTo(Initiator.SERVER);
    assertThat(server.code).isEqualTo(4000);
    assertThat(server.cause).isEqualTo(Cause.APPLICATION);
    assertThat(server.early).isFalse();
    assertThat(server.durationMillis).isEqualTo(2000);

    CloseDecision client = decide(OpenConnection.CLIENT, 1002, null, Cause.EOF, null, SECOND / 2);
    assertThat(client.initiator).isEqualTo(Initiator.CLIENT);
    assertThat(client.cause).isEqualTo(Cause.CLIENT);
    assertThat(client.early).isTrue();
  }

  @Test
  void aPeersCleanCloseIsNeverEarlyHoweverShort() {
    for (int code : new int[] {1000, 1001, 1005}) {
      assertThat(decide(OpenConnection.CLIENT, code, null, null, null, 0).early)
          .as("client %d", code)
          .isFalse();
    }
    // The same codes from the server, or an error code from the peer, still count.
    assertThat(decide(OpenConnection.SERVER, 1000, null, null, null, 0).early).isTrue();
    assertThat(decide(OpenConnection.CLIENT, 1011, null, null, null, 0).early).isTrue();
  }

  @Test
  void serverCodesThatBlameThePeerAreProtocolErrors() {
    assertThat(decide(OpenConnection.SERVER, 1002, null, null, null, 0).cause)
        .isEqualTo(Cause.PROTOCOL_ERROR);
    assertThat(decide(OpenConnection.SERVER, 1009, null, null, null, 0).cause)
        .isEqualTo(Cause.PROTOCOL_ERROR);
    assertThat(decide(OpenConnection.SERVER, 1001, null, null, null, 0).cause)
        .isEqualTo(Cause.SHUTDOWN);
    assertThat(decide(OpenConnection.SERVER, 1001, Cause.IDLE_TIMEOUT, null, null, 0).cause)
        .isEqualTo(Cause.IDLE_TIMEOUT);
  }

  @Test
  void withoutAnyCloseFrameTheCodeIs1006AndTheServerOnlyOwnsItsOwnDecisions() {
    CloseDecision keepAlive = decide(OpenConnection.NOBODY, 0, Cause.KEEP_ALIVE, null, null, 0);
    assertThat(keepAlive.code).isEqualTo(1006);
    assertThat(keepAlive.initiator).isEqualTo(Initiator.SERVER);
    assertThat(keepAlive.reason).isNull();

    CloseDecision eof = decide(OpenConnection.NOBODY, 0, null, Cause.EOF, Cause.UNKNOWN, 0);
    assertThat(eof.initiator).isEqualTo(Initiator.TRANSPORT);
    assertThat(eof.cause).isEqualTo(Cause.EOF);

    CloseDecision idleThenEof =
        decide(OpenConnection.NOBODY, 0, Cause.IDLE_TIMEOUT, Cause.EOF, null, 0);
    assertThat(idleThenEof.initiator).isEqualTo(Initiator.SERVER);
    assertThat(idleThenEof.cause).isEqualTo(Cause.IDLE_TIMEOUT);

    CloseDecision nothingKnown = decide(OpenConnection.NOBODY, 0, null, null, null, 0);
    assertThat(nothingKnown.cause).isEqualTo(Cause.UNKNOWN);
    assertThat(nothingKnown.initiator).isEqualTo(Initiator.TRANSPORT);
  }
}
