package io.wsaudit.operator.serving;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What losing the leader Lease does. JOSDK's own exit-on-stop-leading calls {@code System.exit}
 * from the stop-leading callback, and that callback also runs when the operator stops by itself
 * (stopping releases the Lease): inside the shutdown hook that exit blocks forever, so a pod would
 * only end by SIGKILL after its grace period, still holding the Lease. So JOSDK's exit stays off
 * and this class exits, only for a Lease lost while running.
 */
public final class LeaseLoss {

  private static final Logger LOG = LoggerFactory.getLogger(LeaseLoss.class);

  private final boolean exitOnLoss;
  private final Runnable exitProcess;
  private final AtomicBoolean closing = new AtomicBoolean();

  public LeaseLoss(boolean exitOnLoss) {
    this(exitOnLoss, () -> System.exit(1));
  }

  LeaseLoss(boolean exitOnLoss, Runnable exitProcess) {
    this.exitOnLoss = exitOnLoss;
    this.exitProcess = exitProcess;
  }

  /** Callbacks for JOSDK's leader elector; JOSDK starts and stops event processing itself. */
  public LeaderCallbacks callbacks() {
    return new LeaderCallbacks(
        () -> LOG.info("took the leader Lease"),
        this::stoppedLeading,
        leader -> LOG.info("leader is {}", leader));
  }

  /** The operator is stopping: from now on, giving the Lease up is not a loss. */
  public void closing() {
    closing.set(true);
  }

  void stoppedLeading() {
    if (closing.get()) {
      LOG.info("released the leader Lease");
    } else if (!exitOnLoss) {
      LOG.warn("lost the leader Lease; staying up as configured (exitOnLostLease=false)");
    } else {
      LOG.error("lost the leader Lease: exiting, so that only the new leader reconciles");
      // On a thread of its own: the callback runs on the client's executor, which the shutdown
      // that System.exit starts waits for.
      new Thread(exitProcess, "wsaudit-lease-lost").start();
    }
  }
}
