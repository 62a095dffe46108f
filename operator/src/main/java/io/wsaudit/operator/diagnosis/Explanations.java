package io.wsaudit.operator.diagnosis;

import io.wsaudit.operator.api.v1alpha1.EvidenceSources;
import io.wsaudit.operator.proxy.ProxyKind;
import java.time.Duration;

/** The sentences findings and Events carry; kept together so their wording stays one voice. */
final class Explanations {

  private Explanations() {}

  /**
   * Where the evidence came from, after the rule's sentence: nothing when only the agent saw it
   * (what every finding said before the proxy's log was a source).
   */
  static String sources(EvidenceSources s) {
    int total = s.getAgent() + s.getProxyLog() + s.getBoth();
    if (s.getProxyLog() == 0 && s.getBoth() == 0) {
      return "";
    }
    String text = "";
    if (s.getBoth() > 0) {
      text +=
          " "
              + (s.getBoth() == total ? "All " + total : s.getBoth() + " of these " + total)
              + " were seen by both the wsaudit agent and ingress-nginx (joined by"
              + " X-Request-ID, or as children of nginx's span) and are counted once.";
    }
    if (s.getProxyLog() > 0) {
      text +=
          " "
              + (s.getProxyLog() == total ? "All " + total : s.getProxyLog() + " of these " + total)
              + " were seen only by ingress-nginx (its log or its own spans): their backend is not instrumented with the"
              + " wsaudit agent, which would add the server's own decision (keep-alive, who closed"
              + " the connection, idle time per direction).";
    }
    return text;
  }

  static String adopted(String annotation, String ingress, String rule) {
    return "wsaudit changed "
        + annotation
        + " on Ingress "
        + ingress
        + " for rule "
        + rule
        + "; waiting for new connections to show the effect.";
  }

  /** What a patch does to the annotation, e.g. {@code set x to "1.1" (was absent)}. */
  static String what(String annotation, AppliedChange applied) {
    return applied.applied() == null
        ? "removed " + annotation + " (was \"" + applied.previous() + "\")"
        : "set "
            + annotation
            + " to \""
            + applied.applied()
            + "\" (was "
            + (applied.previous() == null ? "absent" : "\"" + applied.previous() + "\"")
            + ")";
  }

  static String remediated(String verdictExplanation, String what) {
    return verdictExplanation
        + " wsaudit "
        + what
        + "; nginx reloads, and WebSockets open on this"
        + " controller close within its worker-shutdown-timeout.";
  }

  static String remediatedPolicy(String verdictExplanation, String what) {
    return verdictExplanation
        + " wsaudit "
        + what
        + "; the Gateway's controller applies it to new connections.";
  }

  static String ineffective(int failing, String ingress, Duration grace, String annotation) {
    return failing
        + " WebSocket connections through Ingress "
        + ingress
        + " still failed more"
        + " than "
        + grace.toSeconds()
        + "s after wsaudit changed "
        + annotation
        + ", so the cause lies elsewhere; wsaudit will not patch again, roll the change back if it"
        + " is unwanted.";
  }

  static String resolved(int healthy, String ingress, String annotation, String rule) {
    return healthy
        + " WebSocket upgrades through Ingress "
        + ingress
        + " stayed open after"
        + " wsaudit changed "
        + annotation
        + "; the "
        + rule
        + " problem is fixed.";
  }

  static String rolledBack(String policy, String annotation, String previous) {
    return "Policy "
        + policy
        + " was deleted; wsaudit restored "
        + annotation
        + (previous == null ? " to absent" : " to \"" + previous + "\"")
        + ".";
  }

  static String rollbackSkipped(String policy, String annotation) {
    return "Policy "
        + policy
        + " was deleted, but "
        + annotation
        + " was changed after wsaudit set it, so wsaudit left the current value in place.";
  }

  static String proxyNotEnabled(String verdictExplanation, ProxyKind proxy) {
    return verdictExplanation
        + " Not patched: the policy's spec.proxies does not include "
        + proxy.id()
        + ", so wsaudit writes nothing to its objects.";
  }
}
