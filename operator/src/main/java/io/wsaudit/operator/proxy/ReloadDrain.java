package io.wsaudit.operator.proxy;

/**
 * How a proxy's reload ends the upgraded connections of its old processes: the setting that bounds
 * their drain, and who holds them until then, as ProxyReload's explanation names them.
 *
 * @param setting the controller ConfigMap key of the drain limit
 * @param drops who drops the old connections, with the verb: {@code the old nginx workers drop}
 */
public record ReloadDrain(String setting, String drops) {

  /** nginx's: old workers drop them when {@code worker-shutdown-timeout} ends (ingress-nginx). */
  public static final ReloadDrain NGINX =
      new ReloadDrain("worker-shutdown-timeout", "the old nginx workers drop");
}
