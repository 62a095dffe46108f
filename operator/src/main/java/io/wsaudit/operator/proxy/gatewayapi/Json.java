package io.wsaudit.operator.proxy.gatewayapi;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** Deep copies of policy objects, so a planned change never alters what the caches hold. */
final class Json {

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private Json() {}

  static GenericKubernetesResource copy(GenericKubernetesResource p) {
    return JSON.clone(p);
  }
}
