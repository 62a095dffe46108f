package io.wsaudit.agent.telemetry;

import io.wsaudit.contract.WsAuditSpans.Rejection;
import java.util.Base64;

/**
 * One of the checks a server makes before it upgrades, and the rejection value it maps to. Each
 * family lists the checks its server makes, in the server's order; the first that fails names the
 * rejection.
 */
public enum HandshakeCheck {
  METHOD_GET(Rejection.METHOD) {
    @Override
    boolean passes(HandshakeDecision d) {
      return "GET".equalsIgnoreCase(d.method());
    }
  },
  HTTP_1_1(Rejection.HTTP_VERSION) {
    @Override
    boolean passes(HandshakeDecision d) {
      return !"1.0".equals(d.protocolVersion()) && !"0.9".equals(d.protocolVersion());
    }
  },
  UPGRADE_WEBSOCKET(Rejection.MISSING_UPGRADE) {
    @Override
    boolean passes(HandshakeDecision d) {
      return d.headers().hasToken("upgrade", "websocket");
    }
  },
  CONNECTION_UPGRADE(Rejection.MISSING_CONNECTION_UPGRADE) {
    @Override
    boolean passes(HandshakeDecision d) {
      return d.headers().hasToken("connection", "upgrade");
    }
  },
  VERSION_13(Rejection.BAD_VERSION) {
    @Override
    boolean passes(HandshakeDecision d) {
      String version = d.headers().first("sec-websocket-version");
      return version != null && version.trim().equals("13");
    }
  },
  /** Undertow also speaks the pre-RFC drafts 7 and 8. */
  VERSION_HYBI(Rejection.BAD_VERSION) {
    @Override
    boolean passes(HandshakeDecision d) {
      String version = d.headers().first("sec-websocket-version");
      return version != null
          && (version.trim().equals("13")
              || version.trim().equals("8")
              || version.trim().equals("7"));
    }
  },
  KEY_PRESENT(Rejection.MISSING_KEY) {
    @Override
    boolean passes(HandshakeDecision d) {
      String key = d.headers().first("sec-websocket-key");
      if (key == null) {
        return false;
      }
      try {
        return Base64.getDecoder().decode(key.trim()).length == 16;
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
  },
  /** Passes unless the server answered 403, which servers use for a refused {@code Origin}. */
  ORIGIN_ALLOWED(Rejection.ORIGIN) {
    @Override
    boolean passes(HandshakeDecision d) {
      return d.status() != 403;
    }
  };

  private final String rejection;

  HandshakeCheck(String rejection) {
    this.rejection = rejection;
  }

  abstract boolean passes(HandshakeDecision decision);

  /** The rejection value of the first failing check, or {@code other} when every check passes. */
  public static String classify(HandshakeDecision decision, HandshakeCheck... serverOrder) {
    for (HandshakeCheck check : serverOrder) {
      if (!check.passes(decision)) {
        return check.rejection;
      }
    }
    return Rejection.OTHER;
  }
}
