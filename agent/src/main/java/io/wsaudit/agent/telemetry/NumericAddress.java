package io.wsaudit.agent.telemetry;

import java.net.InetAddress;

/**
 * An IP address with its numeric text ({@code 10.1.2.3}, {@code 0:0:0:0:0:0:0:1}): the immutable
 * entry of the direct-mapped tables that format ({@link SharedStrings}) or parse (Tomcat's socket
 * addresses) each address once, so that a racing reader sees a whole entry or none.
 */
public final class NumericAddress {

  public final InetAddress address;
  public final String text;

  public NumericAddress(InetAddress address, String text) {
    this.address = address;
    this.text = text;
  }
}
