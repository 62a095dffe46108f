package io.wsaudit.operator.correlation;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.ExceptionHandler;
import java.net.HttpURLConnection;

/**
 * How {@link ClusterIndex}'s informers handle a failed list or watch: a 410 Gone means the list's
 * {@code continue} token has expired (a real API server keeps it ~5 minutes; 50k Pods in pages of
 * 500 on a slow link can take longer), so the informer lists again from the start, also during the
 * first sync. Fabric8's default gives up on any failure before the first sync, and the operator
 * then exits. Everything else as Fabric8's default: retried once started (listed and watching),
 * except a watch failure.
 */
final class RelistOnGone implements ExceptionHandler {

  static final RelistOnGone HANDLER = new RelistOnGone();

  private RelistOnGone() {}

  @Override
  public boolean retryAfterException(boolean started, Throwable t) {
    return gone(t) || (started && !(t instanceof WatcherException));
  }

  static boolean gone(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof KubernetesClientException k && k.getCode() == HttpURLConnection.HTTP_GONE) {
        return true;
      }
    }
    return false;
  }
}
