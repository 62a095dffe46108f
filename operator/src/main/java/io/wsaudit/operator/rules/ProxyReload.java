package io.wsaudit.operator.rules;

import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.operator.correlation.ConnectionRecord;
import io.wsaudit.operator.proxy.ingressnginx.Reload;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Connections of several Ingresses of one controller dropped together shortly after a change that
 * made ingress-nginx reload (R4): the old workers drop upgraded connections when {@code
 * worker-shutdown-timeout} is over (kubernetes/ingress-nginx#2647, #8977); HAProxy's old process
 * when {@code hard-stop-after} is ({@code ControllerInput.drain}). Report only: no Ingress
 * annotation changes that. Connections closed by their own servers shutting down are a backend
 * rollout and are said to be one.
 */
public final class ProxyReload {

  public static final String NAME = "ProxyReload";

  /** Drops this close in time are one event (old workers exit at once). */
  static final Duration TOGETHER = Duration.ofSeconds(10);

  /** Drops may come this long after the shutdown timeout (reload takes time, clocks differ). */
  static final Duration SLACK = Duration.ofSeconds(60);

  private record Drop(String ingress, ConnectionRecord record) {
    Instant at() {
      return record.close().time();
    }
  }

  public Optional<RuleVerdict> evaluate(ControllerInput in) {
    List<Drop> drops = new ArrayList<>();
    List<ConnectionRecord> shutdowns = new ArrayList<>();
    for (ControllerInput.Ingress i : in.ingresses()) {
      for (ConnectionRecord c : i.ended()) {
        if (IdleCuts.droppedByTransport(c) && !IdleCuts.cutByNginx(c, i.timeouts())) {
          drops.add(new Drop(i.name(), c));
        } else if (shutDown(c)) {
          shutdowns.add(c);
        }
      }
    }
    drops.sort(Comparator.comparing(Drop::at));
    List<Drop> best = List.of();
    Reload cause = null;
    for (Reload r : in.reloads()) {
      Instant end = r.at().plus(in.workerShutdownTimeout()).plus(SLACK);
      List<Drop> after =
          drops.stream().filter(d -> !d.at().isBefore(r.at()) && !d.at().isAfter(end)).toList();
      List<Drop> together = together(after);
      if (together.size() >= best.size() && ingresses(together).size() >= 2) {
        best = together;
        cause = r;
      }
    }
    if (cause != null && best.size() >= in.minConnections()) {
      return Optional.of(reload(in, best, cause, shutdowns.size()));
    }
    if (shutdowns.size() >= in.minConnections()) {
      return Optional.of(
          new RuleVerdict(
              NAME,
              shutdowns,
              shutdowns.size()
                  + " WebSocket connections behind controller "
                  + in.controller()
                  + " were closed by their own servers shutting down (pods "
                  + String.join(", ", pods(shutdowns))
                  + "): a backend rollout, not the proxy; clients should reconnect.",
              List.of()));
    }
    return Optional.empty();
  }

  private static RuleVerdict reload(ControllerInput in, List<Drop> drops, Reload r, int shutdowns) {
    long after = Duration.between(r.at(), drops.get(0).at()).toSeconds();
    String text =
        drops.size()
            + " WebSocket connections through Ingresses "
            + String.join(", ", ingresses(drops))
            + " were dropped together without a close frame "
            + after
            + " s after a change of "
            + r.change()
            + " made "
            + in.product()
            + " "
            + in.controller()
            + " reload: "
            + in.drain().drops()
            + " upgraded connections once "
            + in.drain().setting()
            + " ("
            + in.workerShutdownTimeout().toSeconds()
            + " s) is over. No Ingress annotation fixes this: reload less often, raise "
            + in.drain().setting()
            + " in the controller ConfigMap (the old processes then hold memory longer), and let"
            + " clients reconnect."
            + (r.byWsaudit()
                ? " That change was wsaudit's own patch or rollback: every patch is a reload,"
                    + " which is why wsaudit makes at most one per controller per --patch-interval."
                : "")
            + (shutdowns > 0
                ? " "
                    + shutdowns
                    + " more were closed by their own servers shutting down: a backend rollout,"
                    + " not the proxy."
                : "");
    return new RuleVerdict(NAME, drops.stream().map(Drop::record).toList(), text, List.of());
  }

  /** The largest run of drops no further apart than {@link #TOGETHER} from its first. */
  private static List<Drop> together(List<Drop> sorted) {
    List<Drop> best = List.of();
    int j = 0;
    for (int i = 0; i < sorted.size(); i++) {
      Instant limit = sorted.get(i).at().plus(TOGETHER);
      j = Math.max(j, i);
      while (j + 1 < sorted.size() && !sorted.get(j + 1).at().isAfter(limit)) {
        j++;
      }
      if (j - i + 1 > best.size()) {
        best = sorted.subList(i, j + 1);
      }
    }
    return best;
  }

  private static Set<String> ingresses(List<Drop> drops) {
    Set<String> names = new TreeSet<>();
    drops.forEach(d -> names.add(d.ingress()));
    return names;
  }

  private static Set<String> pods(List<ConnectionRecord> cs) {
    Set<String> names = new TreeSet<>();
    cs.stream()
        .map(c -> c.close().source() == null ? null : c.close().source().podName())
        .filter(Objects::nonNull)
        .forEach(names::add);
    return names.isEmpty() ? Set.of("unknown") : names;
  }

  static boolean shutDown(ConnectionRecord c) {
    return c.close() != null
        && WsAuditSpans.Initiator.SERVER.equals(c.close().initiator())
        && WsAuditSpans.Cause.SHUTDOWN.equals(c.close().cause());
  }
}
