package io.wsaudit.operator.proxy.gatewayapi;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;

/** The policy objects of one kind the caches hold, in every namespace ({@link PolicyTargets}). */
@FunctionalInterface
public interface GatewayPolicies {

  List<GenericKubernetesResource> of(GatewayProxy.PolicyKind kind);
}
