package io.wsaudit.e2e.nginx;

/** What a model rendered: an nginx.conf text (and, in each model, what it holds). */
public interface RenderedConfig {

  String config();
}
