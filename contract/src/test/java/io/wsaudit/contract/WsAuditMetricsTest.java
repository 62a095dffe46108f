package io.wsaudit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.contract.WsAuditMetrics.CodeClass;
import io.wsaudit.contract.WsAuditSpans.Cause;
import org.junit.jupiter.api.Test;

class WsAuditMetricsTest {

  @Test
  void everyCloseCodeFallsInOneClass() {
    assertThat(CodeClass.of(1000)).isEqualTo(CodeClass.NORMAL);
    assertThat(CodeClass.of(1001)).isEqualTo(CodeClass.GOING_AWAY);
    assertThat(CodeClass.of(1005)).isEqualTo(CodeClass.NO_STATUS);
    assertThat(CodeClass.of(1006)).isEqualTo(CodeClass.ABNORMAL);
    assertThat(CodeClass.of(1002)).isEqualTo(CodeClass.PROTOCOL_ERROR);
    assertThat(CodeClass.of(1008)).isEqualTo(CodeClass.PROTOCOL_ERROR);
    assertThat(CodeClass.of(1011)).isEqualTo(CodeClass.SERVER_ERROR);
    assertThat(CodeClass.of(1014)).isEqualTo(CodeClass.SERVER_ERROR);
    assertThat(CodeClass.of(3000)).isEqualTo(CodeClass.APPLICATION);
    assertThat(CodeClass.of(4999)).isEqualTo(CodeClass.APPLICATION);
    assertThat(CodeClass.of(1015)).isEqualTo(CodeClass.OTHER);
    assertThat(CodeClass.of(5000)).isEqualTo(CodeClass.OTHER);
    assertThat(CodeClass.of(0)).isEqualTo(CodeClass.OTHER);
  }

  @Test
  void errorTypeIsSetForAbnormalClosesOnly() {
    assertThat(WsAuditMetrics.errorType(CodeClass.NORMAL, Cause.CLIENT)).isNull();
    assertThat(WsAuditMetrics.errorType(CodeClass.GOING_AWAY, Cause.SHUTDOWN)).isNull();
    assertThat(WsAuditMetrics.errorType(CodeClass.APPLICATION, Cause.APPLICATION)).isNull();
    assertThat(WsAuditMetrics.errorType(CodeClass.ABNORMAL, Cause.EOF)).isEqualTo(Cause.EOF);
    assertThat(WsAuditMetrics.errorType(CodeClass.ABNORMAL, Cause.IDLE_TIMEOUT))
        .isEqualTo(Cause.IDLE_TIMEOUT);
    assertThat(WsAuditMetrics.errorType(CodeClass.GOING_AWAY, Cause.IDLE_TIMEOUT))
        .isEqualTo(Cause.IDLE_TIMEOUT);
    assertThat(WsAuditMetrics.errorType(CodeClass.PROTOCOL_ERROR, Cause.CLIENT))
        .isEqualTo(CodeClass.PROTOCOL_ERROR);
    assertThat(WsAuditMetrics.errorType(CodeClass.SERVER_ERROR, Cause.APPLICATION))
        .isEqualTo(CodeClass.SERVER_ERROR);
  }
}
