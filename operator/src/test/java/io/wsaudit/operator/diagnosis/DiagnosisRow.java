package io.wsaudit.operator.diagnosis;

import io.wsaudit.operator.api.v1alpha1.FindingState;
import io.wsaudit.operator.api.v1alpha1.Mode;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicy;
import io.wsaudit.operator.correlation.ConnectionRecord;
import java.util.List;

/**
 * One row of a diagnosis table: a scenario's name and evidence, the policy it runs under (Enforce,
 * spec.proxies at its default, the patch slot free unless the row says otherwise) and the finding
 * it must give (none unless the row expects one). Each table's subclass adds what its proxy reads.
 *
 * @param <R> the subclass, so that each setter returns the row being built
 */
abstract class DiagnosisRow<R extends DiagnosisRow<R>> {

  final String name;
  final List<ConnectionRecord> evidence;
  Mode mode = Mode.Enforce;
  List<String> proxies;
  boolean slotFree = true;
  FindingState expected;
  String explains;

  DiagnosisRow(String name, List<ConnectionRecord> evidence) {
    this.name = name;
    this.evidence = evidence;
  }

  R observe() {
    mode = Mode.Observe;
    return self();
  }

  R proxies(String... proxies) {
    this.proxies = List.of(proxies);
    return self();
  }

  R slotTaken() {
    slotFree = false;
    return self();
  }

  /** The finding's state and a sentence its explanation must contain ({@code null}: any). */
  R expect(FindingState state, String explains) {
    this.expected = state;
    this.explains = explains;
    return self();
  }

  WebSocketAuditPolicy policy() {
    return DiagnosisFixtures.policy(mode, proxies);
  }

  @SuppressWarnings("unchecked")
  private R self() {
    return (R) this;
  }

  @Override
  public String toString() {
    return name;
  }
}
