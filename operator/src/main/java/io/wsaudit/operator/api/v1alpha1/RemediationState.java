package io.wsaudit.operator.api.v1alpha1;

/**
 * Life of one patch: applied, rolled back on policy deletion, or left alone because a person
 * changed it since.
 */
public enum RemediationState {
  Applied,
  RolledBack,
  RollbackSkipped
}
