package io.wsaudit.operator.trust;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The shared static token ({@code --otlp-bearer-token}): whoever holds it may speak for all
 * namespaces, so it suits a Collector, not agents in tenants' pods.
 */
public final class StaticTokenAuthenticator implements Authenticator {

  private final byte[] expected;

  public StaticTokenAuthenticator(String token) {
    this.expected = token.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public Optional<Sender> authenticate(String header) {
    return Authenticator.bearer(header)
        // Constant time, so the token cannot be guessed byte by byte from response timings.
        .filter(t -> MessageDigest.isEqual(expected, t.getBytes(StandardCharsets.UTF_8)))
        .map(t -> Sender.forAllNamespaces("static-token"));
  }
}
