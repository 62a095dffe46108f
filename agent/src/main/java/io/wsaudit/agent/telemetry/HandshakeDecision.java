package io.wsaudit.agent.telemetry;

import io.opentelemetry.context.Context;
import java.net.InetSocketAddress;
import java.util.Collections;

/**
 * What a server decided about one upgrade request; filled in by a server family, turned into a span
 * by telemetry.
 */
public final class HandshakeDecision {

  private String server;
  private String method;
  private String path;
  private String protocolVersion;
  private int status;
  private boolean upgraded;
  private String rejection;
  private Boolean keepAlive;
  private InetSocketAddress peer;
  private InetSocketAddress local;
  private RequestHeaders headers = name -> Collections.emptyList();
  private long startEpochNanos;

  /**
   * The context current where the family first saw the request: a family that emits the span later
   * (Jetty, when the response completes) still finds the OpenTelemetry agent's HTTP server span of
   * the upgrade request there in extension mode. Always the root in standalone mode.
   */
  private final Context requestContext = Context.current();

  public HandshakeDecision server(String value) {
    this.server = value;
    return this;
  }

  public HandshakeDecision method(String value) {
    this.method = value;
    return this;
  }

  /** The request target; any query string is dropped here, so it can never reach a span. */
  public HandshakeDecision path(String value) {
    if (value != null) {
      int q = value.indexOf('?');
      value = q >= 0 ? value.substring(0, q) : value;
    }
    this.path = value;
    return this;
  }

  /** Accepts {@code HTTP/1.1} or {@code 1.1}; stored as {@code 1.1}. */
  public HandshakeDecision protocol(String value) {
    if (value != null && value.regionMatches(true, 0, "HTTP/", 0, 5)) {
      // the usual two as constants: no new string per handshake
      value =
          value.length() == 8 && value.endsWith("1.1")
              ? "1.1"
              : value.length() == 8 && value.endsWith("1.0") ? "1.0" : value.substring(5);
    }
    this.protocolVersion = value;
    return this;
  }

  public HandshakeDecision status(int value) {
    this.status = value;
    return this;
  }

  public HandshakeDecision upgraded(boolean value) {
    this.upgraded = value;
    return this;
  }

  public HandshakeDecision rejection(String value) {
    this.rejection = value;
    return this;
  }

  public HandshakeDecision keepAlive(Boolean value) {
    this.keepAlive = value;
    return this;
  }

  public HandshakeDecision peer(InetSocketAddress value) {
    this.peer = value;
    return this;
  }

  public HandshakeDecision local(InetSocketAddress value) {
    this.local = value;
    return this;
  }

  public HandshakeDecision headers(RequestHeaders value) {
    this.headers = value;
    return this;
  }

  public HandshakeDecision startEpochNanos(long value) {
    this.startEpochNanos = value;
    return this;
  }

  public String server() {
    return server;
  }

  public String method() {
    return method;
  }

  public String path() {
    return path;
  }

  public String protocolVersion() {
    return protocolVersion;
  }

  public int status() {
    return status;
  }

  public boolean upgraded() {
    return upgraded;
  }

  public String rejection() {
    return rejection;
  }

  public Boolean keepAlive() {
    return keepAlive;
  }

  public InetSocketAddress peer() {
    return peer;
  }

  public InetSocketAddress local() {
    return local;
  }

  public RequestHeaders headers() {
    return headers;
  }

  public long startEpochNanos() {
    return startEpochNanos;
  }

  /** The link key of the TCP connection this handshake arrived on. */
  public long connectionKey() {
    return ConnectionKey.of(local, peer);
  }

  Context requestContext() {
    return requestContext;
  }
}
