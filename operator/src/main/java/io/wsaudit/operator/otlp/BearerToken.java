package io.wsaudit.operator.otlp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** Checks an {@code Authorization} header against the configured bearer token, in constant time. */
final class BearerToken {

  private final Optional<byte[]> expected;

  BearerToken(Optional<String> token) {
    this.expected = token.map(t -> ("Bearer " + t).getBytes(StandardCharsets.UTF_8));
  }

  /** True when no token is configured, or the header carries it. */
  boolean accepts(String authorizationHeader) {
    if (expected.isEmpty()) {
      return true;
    }
    byte[] given =
        authorizationHeader == null
            ? new byte[0]
            : authorizationHeader.getBytes(StandardCharsets.UTF_8);
    // Constant time, so the token cannot be guessed byte by byte from response timings.
    return MessageDigest.isEqual(expected.get(), given);
  }
}
