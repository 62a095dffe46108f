package io.wsaudit.operator.rules;

import java.util.List;

/** The rules wsaudit knows, in evaluation order. */
public final class Rules {

  private Rules() {}

  public static List<Rule> all() {
    return List.of(new UpstreamHttp10(), new ConnectionHeaderOverride(), new IdleTimeout());
  }
}
