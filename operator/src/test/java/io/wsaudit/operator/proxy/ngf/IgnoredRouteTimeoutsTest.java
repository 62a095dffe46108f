package io.wsaudit.operator.proxy.ngf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IgnoredRouteTimeoutsTest {

  @Test
  void warnsThatTheMigratedRouteTimeoutDoesNothing() {
    assertThat(IgnoredRouteTimeouts.warnings(NgfDrafts.chat("3600s", "ngf").route()))
        .singleElement()
        .satisfies(
            w ->
                assertThat(w)
                    .contains(
                        "shop/chat",
                        "spec.rules[0].timeouts",
                        "request 3600s",
                        "ignored",
                        "ProxySettingsPolicy",
                        "60 s"));
    assertThat(IgnoredRouteTimeouts.warnings(NgfDrafts.chat(null, "ngf").route())).isEmpty();
  }
}
