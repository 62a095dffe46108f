package io.wsaudit.operator.trust;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the authenticator the configuration asks for. */
public final class Authenticators {

  private static final Logger LOG = LoggerFactory.getLogger(Authenticators.class);

  private Authenticators() {}

  /** The static token when one is given, else none (the receivers' plain constructors). */
  public static Authenticator staticTokenOrNone(Optional<String> token) {
    return token.<Authenticator>map(StaticTokenAuthenticator::new).orElse(Authenticator.NONE);
  }

  /**
   * The static token and/or TokenReview, tried in that order; with neither, everyone is accepted
   * and a loud warning says so once.
   */
  public static Authenticator of(
      Optional<String> staticToken,
      boolean tokenReview,
      Set<String> trustedIdentities,
      List<String> audiences,
      KubernetesClient client) {
    List<Authenticator> chain = new ArrayList<>();
    staticToken.ifPresent(t -> chain.add(new StaticTokenAuthenticator(t)));
    if (tokenReview) {
      chain.add(
          new TokenReviewAuthenticator(client, trustedIdentities, audiences, Clock.systemUTC()));
    }
    if (chain.isEmpty()) {
      LOG.warn(
          "OTLP AUTHENTICATION IS OFF: any client that reaches the OTLP ports can send evidence"
              + " for any pod, and Enforce policies act on it. Fine for local use and tests; on a"
              + " cluster set --otlp-token-review (the chart's default) or --otlp-bearer-token.");
      return Authenticator.NONE;
    }
    return chain.size() == 1 ? chain.get(0) : new FirstOf(chain);
  }
}
