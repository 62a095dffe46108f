package io.wsaudit.operator.testing;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.wsaudit.testkit.kube.IngressDraft;
import java.util.Map;

/**
 * The Ingress the unit tests diagnose and read settings from: shop/chat, host chat.example.com,
 * class nginx, one rule to the Service chat; only its annotations change from test to test.
 */
public final class ChatIngress {

  private ChatIngress() {}

  public static Ingress annotated(Map<String, String> annotations) {
    return IngressDraft.of("shop", "chat")
        .host("chat.example.com")
        .service("chat")
        .annotations(annotations)
        .build();
  }
}
