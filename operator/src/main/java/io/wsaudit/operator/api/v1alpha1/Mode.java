package io.wsaudit.operator.api.v1alpha1;

/**
 * What a policy may do: {@code Observe} reports findings and Events only, {@code Enforce} also
 * patches Ingresses.
 */
public enum Mode {
  Observe,
  Enforce
}
