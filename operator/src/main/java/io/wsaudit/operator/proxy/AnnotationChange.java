package io.wsaudit.operator.proxy;

/**
 * The one annotation change a rule proposes: set {@code key} to {@code value}, or remove it when
 * value is null.
 *
 * @param settingKey the ingress-nginx setting, without prefix (e.g. {@code proxy-http-version})
 * @param value new value; null removes the annotation
 */
public record AnnotationChange(String settingKey, String value) {}
