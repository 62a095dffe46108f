package io.wsaudit.operator.trust;

import java.util.List;
import java.util.Optional;

/** Tries each authenticator in turn; the first that accepts the header decides. */
public final class FirstOf implements Authenticator {

  private final List<Authenticator> authenticators;

  public FirstOf(List<Authenticator> authenticators) {
    this.authenticators = List.copyOf(authenticators);
  }

  @Override
  public Optional<Sender> authenticate(String header) {
    for (Authenticator a : authenticators) {
      Optional<Sender> s = a.authenticate(header);
      if (s.isPresent()) {
        return s;
      }
    }
    return Optional.empty();
  }
}
