package io.wsaudit.agent.export;

import io.opentelemetry.exporter.sender.jdk.internal.JdkHttpSenderProvider;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;

/**
 * The agent's OTLP/HTTP sender, found by the SDK through {@code META-INF/services}: {@link
 * SocketHttpSender}, or the SDK's JDK {@code HttpClient} sender when a proxy is configured (proxies
 * are the JDK client's business, not ours).
 */
public final class SocketHttpSenderProvider implements HttpSenderProvider {

  @Override
  public HttpSender createSender(HttpSenderConfig config) {
    if (config.getProxyOptions() != null) {
      return new JdkHttpSenderProvider().createSender(config);
    }
    return new SocketHttpSender(config);
  }
}
