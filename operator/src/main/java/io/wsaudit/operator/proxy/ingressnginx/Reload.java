package io.wsaudit.operator.proxy.ingressnginx;

import java.time.Instant;

/**
 * A change the operator saw that makes ingress-nginx reload nginx; after a reload the old workers
 * keep upgraded connections only until {@code worker-shutdown-timeout}, then drop them.
 *
 * @param at when the operator saw it
 * @param change what changed, e.g. {@code Ingress shop/chat}
 * @param byWsaudit the change was wsaudit's own patch or rollback
 */
public record Reload(Instant at, String change, boolean byWsaudit) {}
