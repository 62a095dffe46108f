package io.wsaudit.operator.proxy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.wsaudit.operator.proxy.ingressnginx.ReloadTriggers;
import java.time.Duration;
import java.util.List;

/**
 * One audited controller's proxy behind the seam: which settings are in effect for an Ingress it
 * serves, and which annotations wsaudit may write to it. Applying and rolling back those changes is
 * shared ({@code remediation.AnnotationPatcher}, {@code diagnosis.Rollbacks}), keyed by {@link
 * #controller()}'s annotation prefix.
 */
public interface Proxy {

  ControllerSettings controller();

  /** The proxy as explanations name it, e.g. {@code ingress-nginx}. */
  String product();

  default ProxyKind kind() {
    return controller().proxy();
  }

  /** The settings in effect for an Ingress this controller serves. */
  ProxySettings settings(Ingress ingress, ConfigMap controllerConfig);

  /**
   * The same, for a proxy that also reads its backend Services' annotations; the others ignore
   * them.
   */
  default ProxySettings settings(
      Ingress ingress, ConfigMap controllerConfig, ServiceAnnotations services) {
    return settings(ingress, controllerConfig);
  }

  /** Whether the settings depend on the backend Services' annotations (then they are watched). */
  default boolean readsServices() {
    return false;
  }

  /**
   * Every setting key wsaudit may write for this proxy (rollback and the rate limit read these).
   */
  List<String> patchable();

  /**
   * Whether a change of an Ingress or of the ConfigMap reloads nginx, dropping upgraded connections
   * after {@code worker-shutdown-timeout} (ProxyReload's cause).
   */
  boolean reloadsOnChange();

  /** Who drops upgraded connections after a reload, and which setting bounds it. */
  default ReloadDrain reloadDrain() {
    return ReloadDrain.NGINX;
  }

  /** How long old processes keep upgraded connections after a reload, from the ConfigMap. */
  default Duration reloadDrainTime(ConfigMap controllerConfig) {
    return ReloadTriggers.workerShutdownTimeout(controllerConfig);
  }

  /** The raw annotation value of a setting on an Ingress, or null. */
  default String annotation(Ingress ingress, String setting) {
    var a = ingress.getMetadata().getAnnotations();
    return a == null ? null : a.get(controller().annotation(setting));
  }
}
