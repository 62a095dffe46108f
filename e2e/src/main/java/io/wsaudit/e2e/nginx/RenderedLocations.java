package io.wsaudit.e2e.nginx;

import java.util.List;
import java.util.Optional;

/**
 * An nginx.conf a model rendered with the locations it holds, found by host and path.
 *
 * @param <L> the model's location
 */
public interface RenderedLocations<L extends ModelLocation> extends RenderedConfig {

  List<L> locations();

  default Optional<L> location(String host, String path) {
    return locations().stream()
        .filter(l -> l.host().equals(host) && l.path().equals(path))
        .findFirst();
  }
}
