package io.wsaudit.operator.proxy;

import java.util.List;

/**
 * What fixes a diagnosis on one proxy: the annotation changes wsaudit may make (one patch), or,
 * when the fix is not an annotation wsaudit writes, none and a sentence naming the exact key a
 * person must change.
 *
 * @param changes annotation changes on the route's Ingress; empty when wsaudit cannot make the fix
 * @param instruction the fix in words, naming the proxy's keys (ends with a period)
 */
public record Fix(List<AnnotationChange> changes, String instruction) {

  public Fix {
    changes = List.copyOf(changes);
  }

  /** A fix a person makes: nothing for wsaudit to write. */
  public static Fix report(String instruction) {
    return new Fix(List.of(), instruction);
  }

  public boolean ours() {
    return !changes.isEmpty();
  }
}
