package io.wsaudit.e2e.nginx;

/**
 * What a model rendered: the proxy's configuration text, an nginx.conf or a haproxy.cfg (and, in
 * each model, what it holds).
 */
public interface RenderedConfig {

  String config();
}
