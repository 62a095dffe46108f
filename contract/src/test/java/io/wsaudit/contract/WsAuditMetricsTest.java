package io.wsaudit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.wsaudit.contract.WsAuditMetrics.CodeClass;
import io.wsaudit.contract.WsAuditSpans.Cause;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WsAuditMetricsTest {

  /** Each class and the codes in it: every listed code, and the edges of the ranges. */
  static Stream<Arguments> codes() {
    return Stream.of(
        arguments(CodeClass.NORMAL, List.of(1000)),
        arguments(CodeClass.GOING_AWAY, List.of(1001)),
        arguments(CodeClass.NO_STATUS, List.of(1005)),
        arguments(CodeClass.ABNORMAL, List.of(1006)),
        arguments(CodeClass.PROTOCOL_ERROR, List.of(1002, 1008)),
        arguments(CodeClass.SERVER_ERROR, List.of(1011, 1014)),
        arguments(CodeClass.APPLICATION, List.of(3000, 4999)),
        arguments(CodeClass.OTHER, List.of(1015, 5000, 0)));
  }

  @ParameterizedTest(name = "{1} are {0}")
  @MethodSource("codes")
  void everyCloseCodeFallsInOneClass(String codeClass, List<Integer> codes) {
    for (int code : codes) {
      assertThat(CodeClass.of(code)).as("code %d", code).isEqualTo(codeClass);
    }
  }

  /** A code class, a cause, and the error type they give (null: the close was no error). */
  static Stream<Arguments> closes() {
    return Stream.of(
        arguments(CodeClass.NORMAL, Cause.CLIENT, null),
        arguments(CodeClass.GOING_AWAY, Cause.SHUTDOWN, null),
        arguments(CodeClass.APPLICATION, Cause.APPLICATION, null),
        arguments(CodeClass.ABNORMAL, Cause.EOF, Cause.EOF),
        arguments(CodeClass.ABNORMAL, Cause.IDLE_TIMEOUT, Cause.IDLE_TIMEOUT),
        arguments(CodeClass.GOING_AWAY, Cause.IDLE_TIMEOUT, Cause.IDLE_TIMEOUT),
        arguments(CodeClass.PROTOCOL_ERROR, Cause.CLIENT, CodeClass.PROTOCOL_ERROR),
        arguments(CodeClass.SERVER_ERROR, Cause.APPLICATION, CodeClass.SERVER_ERROR));
  }

  @ParameterizedTest(name = "{0} by {1}: {2}")
  @MethodSource("closes")
  void errorTypeIsSetForAbnormalClosesOnly(String codeClass, String cause, String errorType) {
    assertThat(WsAuditMetrics.errorType(codeClass, cause)).isEqualTo(errorType);
  }
}
