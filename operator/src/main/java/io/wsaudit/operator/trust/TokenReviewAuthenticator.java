package io.wsaudit.operator.trust;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.wsaudit.operator.config.Sha256;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies a Kubernetes ServiceAccount token with a TokenReview: a valid token of {@code
 * system:serviceaccount:<ns>:<name>} may speak for pods in {@code <ns>}; an identity listed as
 * trusted (a Collector's ServiceAccount) for all namespaces. Results are cached by the token's
 * SHA-256 for {@link #TTL} (refusals for less), in a bounded cache, so the API server sees at most
 * one review per token and minute, and a flood of bogus tokens cannot grow memory.
 */
public final class TokenReviewAuthenticator implements Authenticator {

  private static final Logger LOG = LoggerFactory.getLogger(TokenReviewAuthenticator.class);
  static final Duration TTL = Duration.ofMinutes(1);
  static final Duration REFUSAL_TTL = Duration.ofSeconds(10);
  static final int MAX_CACHED = 1_000;
  private static final String SA_PREFIX = "system:serviceaccount:";

  private record Cached(Optional<Sender> sender, Instant until) {}

  private final KubernetesClient client;
  private final Set<String> trustedIdentities;
  private final List<String> audiences;
  private final Clock clock;
  private final Map<String, Cached> cache =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
          return size() > MAX_CACHED;
        }
      };

  public TokenReviewAuthenticator(
      KubernetesClient client, Set<String> trustedIdentities, List<String> audiences, Clock clock) {
    this.client = client;
    this.trustedIdentities = Set.copyOf(trustedIdentities);
    this.audiences = List.copyOf(audiences);
    this.clock = clock;
  }

  @Override
  public Optional<Sender> authenticate(String header) {
    Optional<String> token = Authenticator.bearer(header);
    if (token.isEmpty()) {
      return Optional.empty();
    }
    String key = Sha256.hex(token.get());
    Instant now = clock.instant();
    synchronized (cache) {
      Cached c = cache.get(key);
      if (c != null && now.isBefore(c.until())) {
        return c.sender();
      }
    }
    Optional<Sender> sender = review(token.get());
    synchronized (cache) {
      cache.put(key, new Cached(sender, now.plus(sender.isPresent() ? TTL : REFUSAL_TTL)));
    }
    return sender;
  }

  private Optional<Sender> review(String token) {
    TokenReview asked =
        new TokenReviewBuilder()
            .withNewSpec()
            .withToken(token)
            .withAudiences(audiences.isEmpty() ? null : audiences)
            .endSpec()
            .build();
    TokenReview answer;
    try {
      answer = client.authentication().v1().tokenReviews().create(asked);
    } catch (RuntimeException e) {
      // Fail closed: without the API server's word the sender is not trusted.
      LOG.warn("TokenReview failed, OTLP request refused: {}", e.toString());
      return Optional.empty();
    }
    if (answer == null
        || answer.getStatus() == null
        || !Boolean.TRUE.equals(answer.getStatus().getAuthenticated())
        || answer.getStatus().getUser() == null) {
      return Optional.empty();
    }
    String user = answer.getStatus().getUser().getUsername();
    if (user == null) {
      return Optional.empty();
    }
    if (trustedIdentities.contains(user)) {
      return Optional.of(Sender.forAllNamespaces(user));
    }
    if (user.startsWith(SA_PREFIX)) {
      String[] nsName = user.substring(SA_PREFIX.length()).split(":", 2);
      if (nsName.length == 2 && !nsName[0].isEmpty()) {
        return Optional.of(Sender.forNamespace(user, nsName[0]));
      }
    }
    // An authenticated user that is neither trusted nor a ServiceAccount speaks for nothing.
    return Optional.of(new Sender(user, false, Set.of()));
  }
}
