package io.wsaudit.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The WebSocketAuditPolicy custom resource: which Ingresses of a namespace are audited, and whether
 * to patch.
 */
@Group(WebSocketAuditPolicy.GROUP)
@Version(WebSocketAuditPolicy.VERSION)
@Kind("WebSocketAuditPolicy")
@Plural("websocketauditpolicies")
@Singular("websocketauditpolicy")
@ShortNames("wsap")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class WebSocketAuditPolicy
    extends CustomResource<WebSocketAuditPolicySpec, WebSocketAuditPolicyStatus>
    implements Namespaced {

  public static final String GROUP = "wsaudit.io";
  public static final String VERSION = "v1alpha1";

  @Override
  protected WebSocketAuditPolicySpec initSpec() {
    return new WebSocketAuditPolicySpec();
  }

  // No initStatus(): a new resource has no status on the server, and an empty local one would make
  // status patches
  // address fields under a status that does not exist yet.
}
