package io.wsaudit.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.wsaudit.agent.instrumentation.javawebsocket.v1_5.JavaWebSocketHookIds;
import io.wsaudit.agent.instrumentation.jetty.v12_0.JettyHookIds;
import io.wsaudit.agent.instrumentation.netty.v4_1.NettyHookIds;
import io.wsaudit.agent.instrumentation.tomcat.v9_0.TomcatHookIds;
import io.wsaudit.agent.instrumentation.undertow.v2_2.UndertowHookIds;
import io.wsaudit.agent.instrumentation.vertx.v5_0.VertxHookIds;
import io.wsaudit.agent.instrumentation.webflux.v7_0.WebFluxHookIds;
import io.wsaudit.agent.telemetry.SpanCounters;
import io.wsaudit.agent.telemetry.TestTelemetry;
import io.wsaudit.agent.telemetry.WebSocketTelemetry;
import io.wsaudit.contract.WsAuditSpans;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every hook id of every family reaches a case of its family's hooks, and an id nobody handles is
 * said once in the agent's log instead of being dropped.
 */
class HookIdsTest {

  private static final List<Class<?>> HOOK_IDS =
      List.of(
          UndertowHookIds.class,
          TomcatHookIds.class,
          JettyHookIds.class,
          JavaWebSocketHookIds.class,
          NettyHookIds.class,
          WebFluxHookIds.class,
          VertxHookIds.class);

  private final SdkTracerProvider provider = SdkTracerProvider.builder().build();
  private final Map<String, ModuleState> states = new HashMap<>();
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private PrintStream stderr;
  private HookDispatcher dispatcher;

  @BeforeEach
  void setUp() {
    WebSocketTelemetry telemetry =
        TestTelemetry.of(provider.get(WsAuditSpans.SCOPE_NAME), List.of(), 100, new SpanCounters());
    ClassLoader loader = HookIdsTest.class.getClassLoader();
    for (InstrumentationModule module : Modules.all()) {
      states.put(
          module.family(),
          new ModuleState(module, new HookContext(telemetry, module.family()), loader));
    }
    dispatcher = new HookDispatcher(states.values());
    stderr = System.err;
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void tearDown() {
    System.setErr(stderr);
    provider.close();
  }

  @Test
  void everyFamilyHasOneHookIdsClassWithItsFamilyNumber() throws Exception {
    Set<Integer> fromModules = new HashSet<>();
    for (InstrumentationModule module : Modules.all()) {
      fromModules.add(module.familyId());
    }
    Set<Integer> fromConstants = new HashSet<>();
    for (Class<?> ids : HOOK_IDS) {
      fromConstants.add(ids.getField("FAMILY").getInt(null));
    }
    assertThat(fromConstants).hasSize(HOOK_IDS.size()).isEqualTo(fromModules);
  }

  @Test
  void everyHookIdIsHandledByItsFamily() throws Exception {
    List<String> checked = new ArrayList<>();
    for (Class<?> ids : HOOK_IDS) {
      int family = ids.getField("FAMILY").getInt(null);
      Set<Integer> seen = new HashSet<>();
      for (Field field : ids.getFields()) {
        if (field.getName().equals("FAMILY")) {
          continue;
        }
        assertThat(
                Modifier.isStatic(field.getModifiers()) && Modifier.isFinal(field.getModifiers()))
            .as(field.toString())
            .isTrue();
        int hook = field.getInt(null);
        assertThat(HookIds.family(hook)).as(field.toString()).isEqualTo(family);
        assertThat(seen.add(hook)).as("%s is unique", field).isTrue();
        // Arguments the hooks do not expect: a case fails (the dispatcher swallows it), only the
        // default branch would count as unknown. The anchor picks this test's class loader, which
        // has the servers' classes.
        dispatcher.hook(hook, this, null, null, null);
        checked.add(ids.getSimpleName() + "." + field.getName());
      }
    }
    for (ModuleState state : states.values()) {
      assertThat(unknownHooks(state)).as(state.module.family()).isZero();
      assertThat(state.active()).as(state.module.family() + " stays active").isTrue();
    }
    assertThat(checked).hasSizeGreaterThan(HOOK_IDS.size());
    assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain("not handled", "no family");
  }

  @Test
  void anIdWithoutACaseIsLoggedOnce() {
    int unknown = UndertowHookIds.FAMILY << HookIds.FAMILY_SHIFT | 0xFF;

    dispatcher.hook(unknown, this, null, null, null);
    dispatcher.hook(unknown, this, null, null, null);

    assertThat(unknownHooks(states.get("undertow"))).isEqualTo(2);
    assertThat(lines("is not handled by the undertow hooks")).isEqualTo(1);
  }

  @Test
  void anIdOfNoFamilyIsLoggedOnce() {
    int unknown = 99 << HookIds.FAMILY_SHIFT | 1;

    assertThat(dispatcher.hook(unknown, this, null, null, null)).isNull();
    dispatcher.hook(unknown, this, null, null, null);

    assertThat(lines("hook 99/1 has no family")).isEqualTo(1);
  }

  private static int unknownHooks(ModuleState state) {
    return state.context().unknownHooks();
  }

  private long lines(String text) {
    return log.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(text)).count();
  }
}
