package io.wsaudit.operator.proxy;

import java.util.Map;

/**
 * Which change fixes each diagnosis on one proxy, and the names of its keys. Pure: it reads only
 * the settings it is given.
 */
public interface ProxyFixes {

  /** The full key a person reads for a setting, e.g. {@code nginx.org/proxy-read-timeout}. */
  String key(String setting);

  /** R1: make the proxy speak HTTP/1.1 upstream (asked only when it speaks 1.0). */
  Fix http11(ProxySettings s);

  /** R2: stop replacing the client's {@code Connection} header. */
  Fix dropConnectionHeader(ProxySettings s);

  /** R2: make the proxy pass {@code Upgrade}/{@code Connection} on this route. */
  Fix passUpgrades(ProxySettings s);

  /** R3: raise both idle limits below {@code seconds} to it; never lowers one. */
  Fix raiseIdleTimeouts(ProxySettings s, long seconds);

  /**
   * The idle limits as they were with these raw annotation values (null: absent), e.g. before a
   * patch, read with this proxy's syntax.
   */
  IdleTimeouts idleTimeoutsWith(IdleTimeouts now, String readAnnotation, String sendAnnotation);

  /**
   * The idle limits as they were before a patch that wrote {@code previous} (setting key → the
   * value it replaced, null: absent); a setting not in it kept its current annotation.
   */
  default IdleTimeouts idleTimeoutsBefore(IdleTimeouts now, Map<String, String> previous) {
    String read = SettingKeys.PROXY_READ_TIMEOUT;
    String send = SettingKeys.PROXY_SEND_TIMEOUT;
    return idleTimeoutsWith(
        now,
        previous.containsKey(read) ? previous.get(read) : now.read().annotationValue(),
        previous.containsKey(send) ? previous.get(send) : now.send().annotationValue());
  }

  /**
   * The idle timer a setting key stands for, as explanations name it (e.g. {@code
   * proxy-read-timeout}).
   */
  default String idleTimerName(String setting) {
    return setting;
  }

  /** What closes a quiet upgraded connection when an idle limit runs out, for explanations. */
  default String idleCutter() {
    return "nginx";
  }

  /** Where an idle limit came from, as explanations say it. */
  default String source(Setting s, ProxySettings p) {
    return switch (s.source()) {
      case ANNOTATION -> "its annotation";
      case CONFIGMAP -> "the controller ConfigMap " + p.configName() + ", for every Ingress";
      case DEFAULT -> "the " + p.product() + " default";
    };
  }
}
