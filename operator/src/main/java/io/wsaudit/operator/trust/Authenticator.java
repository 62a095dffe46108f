package io.wsaudit.operator.trust;

import java.util.Optional;

/** Turns an OTLP request's {@code Authorization} header into a {@link Sender}, or refuses it. */
@FunctionalInterface
public interface Authenticator {

  /** The sender, or empty when the header proves nothing acceptable (answered 401). */
  Optional<Sender> authenticate(String authorizationHeader);

  /** Accepts everyone as {@link Sender#UNAUTHENTICATED}. */
  Authenticator NONE = header -> Optional.of(Sender.UNAUTHENTICATED);

  /** The credential of an {@code Authorization: Bearer <credential>} header, scheme in any case. */
  static Optional<String> bearer(String header) {
    if (header == null) {
      return Optional.empty();
    }
    String h = header.trim();
    // RFC 9110 section 11.1: the authentication scheme is case-insensitive.
    if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    String credential = h.substring(7).trim();
    return credential.isEmpty() ? Optional.empty() : Optional.of(credential);
  }
}
