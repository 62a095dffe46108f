package io.wsaudit.operator.rules;

import io.wsaudit.operator.correlation.ConnectionRecord;
import io.wsaudit.operator.proxy.AnnotationChange;
import io.wsaudit.operator.proxy.Fix;
import io.wsaudit.operator.proxy.IdleTimeouts;
import io.wsaudit.operator.proxy.Setting;
import io.wsaudit.operator.proxy.SettingKeys;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Quiet upgraded connections cut by nginx's idle timers (R3): they end with 1006 / {@code eof}
 * after the server sent nothing for about the effective {@code proxy-read-timeout} (or received
 * nothing for about {@code proxy-send-timeout}); the fix raises both, or the server pings more
 * often. A silence that matches neither timer is another hop's timeout, and the server's own idle
 * timeout is the application's: both are reported and never patched. Without the agent's idle times
 * nothing is guessed from durations, with one exception: the proxy's error line {@code upstream
 * timed out … while proxying upgraded connection} says the timer fired, and so counts as a cut.
 */
public final class IdleTimeout implements Rule {

  public static final String NAME = "IdleTimeout";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> patchedSettings() {
    return List.of(
        SettingKeys.PROXY_READ_TIMEOUT, SettingKeys.PROXY_SEND_TIMEOUT, SettingKeys.TIMEOUT_SERVER);
  }

  @Override
  public boolean counts(ConnectionRecord c, RuleInput in) {
    return IdleCuts.cutByNginx(c, in.idleTimeouts());
  }

  @Override
  public boolean showsFixed(ConnectionRecord c, RuleInput before) {
    return IdleCuts.outlived(c, before.idleTimeouts());
  }

  @Override
  public RuleInput beforePatch(RuleInput in, Map<String, String> previous) {
    return in.withIdleTimeouts(in.proxy().fixes().idleTimeoutsBefore(in.idleTimeouts(), previous));
  }

  @Override
  public Optional<RuleVerdict> evaluate(RuleInput in) {
    IdleTimeouts t = in.idleTimeouts();
    List<ConnectionRecord> cut = in.connections().stream().filter(c -> counts(c, in)).toList();
    if (cut.size() >= in.minConnections()) {
      return Optional.of(cutByNginx(in, cut));
    }
    List<ConnectionRecord> elsewhere =
        IdleCuts.largestCluster(
            in.connections().stream().filter(c -> IdleCuts.cutElsewhere(c, t)).toList(),
            c -> c.close().idle().quietMs());
    if (elsewhere.size() >= in.minConnections()) {
      return Optional.of(cutElsewhere(in, elsewhere));
    }
    List<ConnectionRecord> byServer =
        in.connections().stream().filter(IdleCuts::closedByServerIdleTimeout).toList();
    if (byServer.size() >= in.minConnections()) {
      return Optional.of(
          notRemediable(
              in,
              byServer,
              "were closed by the server's own idle timeout, not by a proxy: that is the"
                  + " application's setting (its WebSocket idle timeout), raise it there if these"
                  + " connections should live longer."));
    }
    List<ConnectionRecord> blind =
        in.connections().stream().filter(c -> IdleCuts.unjudgeable(c, t)).toList();
    if (blind.size() >= in.minConnections()) {
      return Optional.of(
          notRemediable(
              in,
              blind,
              "ended without a close frame after about "
                  + IdleCuts.range(blind, IdleCuts::lifetimeMs)
                  + ", near the "
                  + timer(in, SettingKeys.PROXY_READ_TIMEOUT)
                  + " ("
                  + t.readSeconds()
                  + " s), but "
                  + (blind.stream().allMatch(ConnectionRecord::proxyOnly)
                      ? "only the proxy saw them (its access log or its spans) and no 'upstream timed"
                          + " out … while proxying upgraded connection' error line came with them"
                          + " (is the controller's error log sent too, at error-log-level info?)"
                      : "their close spans carry no websocket.idle.received_ms /"
                          + " websocket.idle.sent_ms (an older agent)")
                  + ", so wsaudit cannot tell whether they were idle and patches nothing"
                  + (blind.stream().allMatch(ConnectionRecord::proxyOnly)
                      ? "."
                      : "; update the agent.")));
    }
    return Optional.empty();
  }

  private static RuleVerdict cutByNginx(RuleInput in, List<ConnectionRecord> cut) {
    IdleTimeouts t = in.idleTimeouts();
    boolean byRead = cut.stream().anyMatch(c -> IdleCuts.byReadTimer(c, t));
    Setting timer = byRead ? t.read() : t.send();
    String key = byRead ? SettingKeys.PROXY_READ_TIMEOUT : SettingKeys.PROXY_SEND_TIMEOUT;
    boolean pinged = cut.stream().anyMatch(c -> Boolean.TRUE.equals(IdleCuts.idle(c).pingSent()));
    boolean fromErrorLog = cut.stream().anyMatch(c -> !IdleCuts.idle(c).known());
    String what =
        cut.size()
            + " WebSocket connections through "
            + in.routeLabel()
            + " ended without a close frame (1006) after the server "
            + (byRead
                ? "sent nothing for " + IdleCuts.range(cut, c -> IdleCuts.quietSentMs(c, t))
                : "received nothing for "
                    + IdleCuts.range(cut, c -> IdleCuts.quietReceivedMs(c, t)))
            + (fromErrorLog
                ? " (for those seen only in the proxy's log, its error log says nginx's idle"
                    + " timer fired: upstream timed out while proxying upgraded connection)"
                : "")
            + ", which is the effective "
            + timer(in, key)
            + " ("
            + timer.value()
            + " s, "
            + source(timer, in)
            + "): "
            + in.proxy().fixes().idleCutter()
            + " closes a quiet upgraded connection after that long. ";
    String alternative =
        (pinged
                ? "The server pings, but less often than every "
                : "The alternative is a server ping interval below ")
            + timer.value()
            + " s.";
    IdleTimeoutTerms policy = in.idlePolicy();
    if (!policy.valid()) {
      return verdict(
          cut, what + alternative + " Not patched: " + policy.problem() + ".", List.of());
    }
    Fix fix = in.proxy().fixes().raiseIdleTimeouts(in.proxy(), policy.raiseTo());
    if (!fix.ours() && t.readSeconds() >= policy.raiseTo() && t.sendSeconds() >= policy.raiseTo()) {
      return verdict(
          cut,
          what
              + "Both timeouts are already at least spec.idleTimeout.raiseTo ("
              + policy.raiseTo()
              + " s), so wsaudit patches nothing. "
              + alternative,
          List.of());
    }
    return RuleVerdict.of(NAME, cut, what + fix.instruction() + " " + alternative, fix);
  }

  private static RuleVerdict cutElsewhere(RuleInput in, List<ConnectionRecord> cluster) {
    IdleTimeouts t = in.idleTimeouts();
    return notRemediable(
        in,
        cluster,
        "ended without a close frame after "
            + IdleCuts.range(cluster, c -> c.close().idle().quietMs())
            + " of silence (about "
            + IdleCuts.medianSeconds(cluster, c -> c.close().idle().quietMs())
            + " s), which matches neither "
            + timer(in, SettingKeys.PROXY_READ_TIMEOUT)
            + " ("
            + t.readSeconds()
            + " s) nor "
            + timer(in, SettingKeys.PROXY_SEND_TIMEOUT)
            + " ("
            + t.sendSeconds()
            + " s): another hop in the path (a cloud load balancer, a CDN, a sidecar) has that idle"
            + " timeout; raise it there, or have the server ping more often. No Ingress patch"
            + " helps.");
  }

  private static RuleVerdict notRemediable(RuleInput in, List<ConnectionRecord> ev, String rest) {
    return verdict(
        ev,
        ev.size() + " WebSocket connections through " + in.routeLabel() + " " + rest,
        List.of());
  }

  private static RuleVerdict verdict(
      List<ConnectionRecord> ev, String text, List<AnnotationChange> changes) {
    return new RuleVerdict(NAME, ev, text, changes);
  }

  private static String timer(RuleInput in, String setting) {
    return in.proxy().fixes().idleTimerName(setting);
  }

  private static String source(Setting s, RuleInput in) {
    return in.proxy().fixes().source(s, in.proxy());
  }
}
