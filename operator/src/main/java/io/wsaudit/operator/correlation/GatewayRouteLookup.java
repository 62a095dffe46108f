package io.wsaudit.operator.correlation;

import java.util.Optional;
import java.util.Set;

/**
 * The HTTPRoute rule a request to a pod's Services went through, among the routes of the enabled
 * Gateway API proxies; {@link #NONE} when none is enabled.
 */
@FunctionalInterface
public interface GatewayRouteLookup {

  GatewayRouteLookup NONE = (namespace, services, host, path) -> Optional.empty();

  Optional<Route> route(String namespace, Set<String> services, String host, String path);
}
