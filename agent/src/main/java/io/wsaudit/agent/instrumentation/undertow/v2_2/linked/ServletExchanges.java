package io.wsaudit.agent.instrumentation.undertow.v2_2.linked;

import io.undertow.server.HttpServerExchange;
import io.undertow.servlet.handlers.ServletRequestContext;

/**
 * The exchange behind the current servlet request; a class of its own so core-only servers never
 * load it.
 */
final class ServletExchanges {

  private ServletExchanges() {}

  static HttpServerExchange current() {
    ServletRequestContext context = ServletRequestContext.current();
    return context == null ? null : context.getExchange();
  }
}
