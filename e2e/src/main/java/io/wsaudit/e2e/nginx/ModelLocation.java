package io.wsaudit.e2e.nginx;

/** A location a model rendered: a path under a host, as the tests look it up. */
public interface ModelLocation {

  String host();

  String path();
}
