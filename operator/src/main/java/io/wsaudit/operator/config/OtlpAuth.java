package io.wsaudit.operator.config;

import java.util.List;
import java.util.Set;

/**
 * How OTLP senders are authenticated, beside the static token ({@code otlpBearerToken}).
 *
 * @param tokenReview verify bearer tokens as Kubernetes ServiceAccount tokens (TokenReview); a
 *     ServiceAccount may then give evidence for pods of its own namespace only
 * @param trustedIdentities usernames (e.g. {@code system:serviceaccount:otel:collector}) that may
 *     give evidence for every namespace
 * @param audiences audiences asked of the TokenReview; empty: the API server's default
 */
public record OtlpAuth(boolean tokenReview, Set<String> trustedIdentities, List<String> audiences) {

  public OtlpAuth {
    trustedIdentities = Set.copyOf(trustedIdentities);
    audiences = List.copyOf(audiences);
  }

  public static OtlpAuth off() {
    return new OtlpAuth(false, Set.of(), List.of());
  }
}
