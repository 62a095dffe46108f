package io.wsaudit.operator.proxy.ingressnginx;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.wsaudit.operator.proxy.ControllerSettings;
import io.wsaudit.operator.proxy.Setting;
import org.junit.jupiter.api.Test;

/**
 * ingress-nginx's precedence for proxy-http-version: valid annotation, then controller ConfigMap,
 * then default.
 */
class EffectiveSettingsTest {

  @Test
  void effectiveSettingFollowsAnnotationThenConfigMapThenDefault() {
    EffectiveSettings settings = new EffectiveSettings(ControllerSettings.defaults());
    Ingress plain = new IngressBuilder().withNewMetadata().withName("a").endMetadata().build();
    Ingress annotated =
        new IngressBuilder()
            .withNewMetadata()
            .withName("b")
            .addToAnnotations("nginx.ingress.kubernetes.io/proxy-http-version", " 1.0 ")
            .endMetadata()
            .build();
    Ingress invalid =
        new IngressBuilder()
            .withNewMetadata()
            .withName("c")
            .addToAnnotations("nginx.ingress.kubernetes.io/proxy-http-version", "2")
            .endMetadata()
            .build();
    var cm =
        new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
            .addToData("proxy-http-version", "1.0")
            .build();

    assertThat(settings.proxyHttpVersion(plain, null))
        .isEqualTo(new Setting("1.1", Setting.Source.DEFAULT, null));
    assertThat(settings.proxyHttpVersion(plain, cm).source()).isEqualTo(Setting.Source.CONFIGMAP);
    assertThat(settings.proxyHttpVersion(annotated, null))
        .isEqualTo(new Setting("1.0", Setting.Source.ANNOTATION, " 1.0 "));
    // ingress-nginx ignores an invalid annotation and falls back: so does wsaudit.
    assertThat(settings.proxyHttpVersion(invalid, null).value()).isEqualTo("1.1");
    assertThat(settings.proxyHttpVersion(invalid, cm).source()).isEqualTo(Setting.Source.CONFIGMAP);
  }
}
