package io.wsaudit.agent.instrumentation.undertow.v2_2.linked;

import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.wsaudit.agent.telemetry.RequestHeaders;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A request's headers for telemetry, looked up by {@link HttpString}: Undertow's {@code
 * HeaderMap#get(String)} encodes the name into a new {@code byte[]} on every call to hash it, and
 * the handshake span reads about a dozen names. The names telemetry asks for are a fixed set, so
 * each is converted once.
 */
final class UndertowRequestHeaders implements RequestHeaders {

  /** More names than telemetry ever asks for (captured headers, trace context, WebSocket's). */
  private static final int MAX_NAMES = 256;

  private static final ConcurrentHashMap<String, HttpString> NAMES = new ConcurrentHashMap<>();

  private final HeaderMap headers;

  UndertowRequestHeaders(HeaderMap headers) {
    this.headers = headers;
  }

  /**
   * The cheap check before anything else: the request carries a header only a WebSocket handshake
   * (or another protocol's upgrade) has.
   */
  static boolean mayBeUpgrade(HeaderMap headers) {
    return headers.contains(Headers.UPGRADE)
        || headers.contains(Headers.SEC_WEB_SOCKET_KEY)
        || headers.contains(Headers.SEC_WEB_SOCKET_VERSION);
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<String> values(String name) {
    HeaderValues values = headers.get(name(name));
    return values == null ? Collections.<String>emptyList() : (List<String>) values;
  }

  @Override
  public String first(String name) {
    return headers.getFirst(name(name));
  }

  private static HttpString name(String name) {
    HttpString known = NAMES.get(name);
    if (known != null) {
      return known;
    }
    HttpString fresh = new HttpString(name);
    if (NAMES.size() < MAX_NAMES) {
      NAMES.putIfAbsent(name, fresh);
    }
    return fresh;
  }
}
