package io.wsaudit.operator.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.wsaudit.operator.api.v1alpha1.Finding;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicy;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicyStatus;
import io.wsaudit.operator.diagnosis.Action;
import io.wsaudit.operator.diagnosis.Diagnosis;
import java.util.List;
import org.junit.jupiter.api.Test;

class FindingLinksTest {

  static final String T1 = "11111111111111111111111111111111";
  static final String T2 = "22222222222222222222222222222222";
  static final FindingLinks LINKS = new FindingLinks(TraceLinks.of("http://jaeger:16686"));

  static Ingress ingress(String name) {
    return new IngressBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("shop")
        .endMetadata()
        .build();
  }

  static WebSocketAuditPolicy policy() {
    WebSocketAuditPolicy p = new WebSocketAuditPolicy();
    p.getMetadata().setName("audit");
    return p;
  }

  static Diagnosis.Result result(List<Action> actions, Finding... findings) {
    WebSocketAuditPolicyStatus s = new WebSocketAuditPolicyStatus();
    s.setFindings(List.of(findings));
    return new Diagnosis.Result(s, actions);
  }

  static Finding finding(String ingress, String rule, String... traces) {
    Finding f = new Finding();
    f.setIngress(ingress);
    f.setRule(rule);
    f.setSampleTraceIds(List.of(traces));
    return f;
  }

  @Test
  void eachFindingLinksEverySampleAndEachEventItsNewest() {
    Action.Event onRoute =
        Action.Event.warning(ingress("chat"), "IdleTimeout", "IdleTimeout", "cut.");
    Action.Event onPolicy =
        Action.Event.warning(policy(), "IdleTimeout", "chat/IdleTimeout", "cut.");
    Action.Event other = Action.Event.warning(ingress("feed"), "IdleTimeout", "IdleTimeout", "x.");

    Diagnosis.Result r =
        LINKS.decorate(
            result(List.of(onRoute, onPolicy, other), finding("chat", "IdleTimeout", T1, T2)));

    assertThat(r.status().getFindings().get(0).getSampleTraceLinks())
        .containsExactly("http://jaeger:16686/trace/" + T1, "http://jaeger:16686/trace/" + T2);
    assertThat(r.actions())
        .map(a -> ((Action.Event) a).message())
        .containsExactly(
            "cut. Trace: http://jaeger:16686/trace/" + T1,
            "cut. Trace: http://jaeger:16686/trace/" + T1,
            "x.");
  }

  @Test
  void aFindingWithoutTracesAndAnEventOfAnotherRuleGetNoLink() {
    Action.Event otherRule =
        Action.Event.warning(ingress("chat"), "UpstreamHttp10", "UpstreamHttp10", "v.");
    Diagnosis.Result r =
        LINKS.decorate(
            result(
                List.of(otherRule),
                finding("chat", "IdleTimeout", T1),
                finding("chat", "UpstreamHttp10")));

    assertThat(r.status().getFindings().get(1).getSampleTraceLinks()).isEmpty();
    assertThat(r.actions()).containsExactly(otherRule);
  }

  @Test
  void offChangesNothing() {
    Diagnosis.Result in = result(List.of(), finding("chat", "IdleTimeout", T1));
    assertThat(new FindingLinks(TraceLinks.off()).decorate(in)).isSameAs(in);
    assertThat(in.status().getFindings().get(0).getSampleTraceLinks()).isEmpty();
  }
}
