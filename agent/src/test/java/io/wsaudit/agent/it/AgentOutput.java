package io.wsaudit.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.awaitility.Awaitility;

/** What the ITs check of the agent's own lines in a forked server's output. */
final class AgentOutput {

  private AgentOutput() {}

  /**
   * Awaits a line of the agent's that contains all of {@code parts}: the startup line is printed
   * once the SDK is built, off the main thread, so maybe after the server said it is ready.
   */
  static void awaitLineWith(ForkedServer server, CharSequence... parts) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> assertThat(server.agentLines()).anySatisfy(l -> assertThat(l).contains(parts)));
  }
}
