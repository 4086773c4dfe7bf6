package org.supvisors.http.xmlrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.http.javadsl.ServerBinding;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientConfigImpl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.supvisors.http.HttpServer;
import org.supvisors.protocol.ConciliationStrategy;
import org.supvisors.protocol.StartingStrategy;
import org.supvisors.protocol.SupvisorsState;

/**
 * The control methods of the {@code supvisors} namespace over a real binding: parameter order,
 * defaults and conversions of what reaches the node, the fault texts of refused parameters, the
 * state guard reported before them, and their signatures. Every test binds its own route with its
 * own fake node.
 */
class SupvisorsControlMethodsTest {

  private static final String NS = "supvisors.";
  private static final String STARTING_NAMES =
      "['CONFIG', 'LESS_LOADED', 'MOST_LOADED', 'LOCAL', 'LESS_LOADED_NODE', 'MOST_LOADED_NODE']";
  private static final String CONCILIATION_NAMES =
      "['SENICIDE', 'INFANTICIDE', 'USER', 'STOP', 'RESTART', 'RUNNING_FAILURE']";
  private static final String OPERATING_ONLY = "['OPERATION']";
  private static final String OPERATING_CONCILIATION = "['OPERATION', 'CONCILIATION']";
  private static final String FROM_DEPLOYMENT =
      "['DEPLOYMENT', 'OPERATION', 'CONCILIATION', 'RESTARTING', 'SHUTTING_DOWN']";

  /** The methods that take a StartingStrategies first. */
  private static final List<String> STRATEGY_METHODS = List.of("start_application",
      "restart_application", "start_process", "start_any_process", "restart_process");

  private static ActorSystem<Void> system;

  private final FakeSupvisorsService service = new FakeSupvisorsService();
  private ServerBinding binding;
  private XmlRpcClient client;

  @BeforeAll
  static void startSystem() {
    system = ActorSystem.create(Behaviors.empty(), "SupvisorsControlMethodsTest");
  }

  @AfterAll
  static void stopSystem() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @BeforeEach
  void bind() throws Exception {
    XmlRpcRoute route = new XmlRpcRoute(service, Optional.empty(), XmlRpcSettings.defaults());
    binding = HttpServer.start(system, "127.0.0.1", 0, route.routes())
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    XmlRpcClientConfigImpl config = new XmlRpcClientConfigImpl();
    config.setServerURL(
        new URL("http://127.0.0.1:" + binding.localAddress().getPort() + "/RPC2"));
    client = new XmlRpcClient();
    client.setConfig(config);
  }

  @AfterEach
  void unbind() {
    binding.unbind().toCompletableFuture().join();
  }

  // --- helpers --------------------------------------------------------------------------------

  private Object call(String method, Object... params) throws Exception {
    return client.execute(NS + method, params);
  }

  private void assertFault(int code, String text, String method, Object... params) {
    XmlRpcException e = assertThrows(XmlRpcException.class, () -> call(method, params),
        method + Arrays.toString(params));
    assertEquals(code, e.code, e.getMessage());
    assertEquals(text, e.getMessage(), method + Arrays.toString(params));
  }

  private void assertBareIncorrect(String method, Object... params) {
    assertFault(2, "INCORRECT_PARAMETERS", method, params);
  }

  private static String badState(SupvisorsState state, String allowed) {
    return "BAD_SUPVISORS_STATE: Supvisors (state=" + state + ") not in state " + allowed
        + " to perform request";
  }

  /** Calls the method, checks its answer and that the node received exactly {@code received}. */
  private void assertForwarded(Object answer, List<Object> received, String method,
      Object... params) throws Exception {
    service.controls.clear();
    assertEquals(answer, call(method, params), method + Arrays.toString(params));
    assertEquals(List.of(received), new ArrayList<>(service.controls),
        method + Arrays.toString(params));
  }

  private static List<Object> received(Object... call) {
    return List.of(call);
  }

  // --- parameters and defaults ----------------------------------------------------------------

  @Test
  void applicationControlParametersAndDefaults() throws Exception {
    StartingStrategy less = StartingStrategy.LESS_LOADED;
    assertForwarded(true, received("start_application", less, "app", true),
        "start_application", "LESS_LOADED", "app");
    assertForwarded(true, received("start_application", StartingStrategy.MOST_LOADED_NODE,
        "app", false), "start_application", 5, "app", false);
    assertForwarded(true, received("stop_application", "app", true), "stop_application", "app");
    assertForwarded(true, received("stop_application", "app", false),
        "stop_application", "app", 0);
    assertForwarded(true, received("restart_application", StartingStrategy.CONFIG, "app", true),
        "restart_application", 0, "app");
    assertForwarded(true, received("restart_application", less, "app", false),
        "restart_application", "LESS_LOADED", "app", "");
  }

  @Test
  void processControlParametersAndDefaults() throws Exception {
    StartingStrategy local = StartingStrategy.LOCAL;
    assertForwarded(true, received("start_args", "app:p1", "-x", true),
        "start_args", "app:p1", "-x");
    assertForwarded(true, received("start_args", "app:p1", "", false),
        "start_args", "app:p1", "", false);
    assertForwarded(true, received("start_process", local, "app:p1", "", true),
        "start_process", "LOCAL", "app:p1");
    assertForwarded(true, received("start_process", local, "app:*", "-v", true),
        "start_process", 3, "app:*", "-v");
    assertForwarded(true, received("start_process", local, "app:p1", "-v", false),
        "start_process", "LOCAL", "app:p1", "-v", false);
    assertForwarded("app:p1", received("start_any_process", local, "p[12]$", "", true),
        "start_any_process", "LOCAL", "p[12]$");
    assertForwarded("app:p1", received("start_any_process", local, "p", "-v", false),
        "start_any_process", "LOCAL", "p", "-v", 0.0);
    assertForwarded(true, received("stop_process", "app:p2", true), "stop_process", "app:p2");
    assertForwarded(true, received("stop_process", "app:p2", false),
        "stop_process", "app:p2", false);
    assertForwarded(true, received("restart_process", local, "app:p2", "", true),
        "restart_process", "LOCAL", "app:p2");
    assertForwarded(true, received("restart_process", local, "app:p2", "-q", false),
        "restart_process", "LOCAL", "app:p2", "-q", false);
    assertForwarded(true, received("enable", "wk", true), "enable", "wk");
    assertForwarded(true, received("enable", "wk", false), "enable", "wk", false);
    assertForwarded(true, received("disable", "wk", true), "disable", "wk");
    assertForwarded(true, received("disable", "wk", false), "disable", "wk", false);
  }

  @Test
  void supvisorsControlParametersAndDefaults() throws Exception {
    assertForwarded(true, received("restart_sequence", true), "restart_sequence");
    assertForwarded(true, received("restart_sequence", false), "restart_sequence", false);
    assertForwarded(true, received("restart"), "restart");
    assertForwarded(true, received("shutdown"), "shutdown");
    service.fsmState = SupvisorsState.CONCILIATION;
    assertForwarded(true, received("conciliate", ConciliationStrategy.SENICIDE),
        "conciliate", "SENICIDE");
    assertForwarded(true, received("conciliate", ConciliationStrategy.RUNNING_FAILURE),
        "conciliate", 5);
    assertForwarded(false, received("conciliate", ConciliationStrategy.USER), "conciliate", 2);
  }

  @Test
  void waitIsEvaluatedByPythonTruthiness() throws Exception {
    Map<Object, Boolean> truth = new LinkedHashMap<>();
    truth.put(true, true);
    truth.put(false, false);
    truth.put(1, true);
    truth.put(0, false);
    truth.put(0.0, false);
    truth.put("false", true);
    truth.put("", false);
    truth.put(new Object[] {}, false);
    truth.put(new Object[] {0}, true);
    truth.put(Map.of(), false);
    for (Map.Entry<Object, Boolean> entry : truth.entrySet()) {
      assertForwarded(true, received("stop_process", "app:p1", entry.getValue()),
          "stop_process", "app:p1", entry.getKey());
      assertForwarded(true, received("restart_sequence", entry.getValue()),
          "restart_sequence", entry.getKey());
    }
  }

  // --- refused parameters ---------------------------------------------------------------------

  @Test
  void startingStrategyFaultTexts() {
    for (String method : STRATEGY_METHODS) {
      assertFault(2, "INCORRECT_PARAMETERS: invalid <enum 'StartingStrategies'>: FOO"
          + " (string expected in " + STARTING_NAMES + ")", method, "FOO", "app");
      // The name must match exactly.
      assertFault(2, "INCORRECT_PARAMETERS: invalid <enum 'StartingStrategies'>: config"
          + " (string expected in " + STARTING_NAMES + ")", method, "config", "app");
      // Supvisors' text lacks the closing parenthesis.
      assertFault(2, "INCORRECT_PARAMETERS: incorrect strategy: 9"
          + " (integer expected in [0, 1, 2, 3, 4, 5]", method, 9, "app");
      assertFault(2, "INCORRECT_PARAMETERS: invalid <enum 'StartingStrategies'>: 2.5"
          + " (string or integer expected)", method, 2.5, "app");
      assertFault(2, "INCORRECT_PARAMETERS: invalid <enum 'StartingStrategies'>: True"
          + " (string or integer expected)", method, true, "app");
    }
    assertTrue(service.controls.isEmpty(), service.controls.toString());
  }

  @Test
  void conciliationStrategyFaultTexts() {
    service.fsmState = SupvisorsState.CONCILIATION;
    assertFault(2, "INCORRECT_PARAMETERS: invalid <enum 'ConciliationStrategies'>: FOO"
        + " (string expected in " + CONCILIATION_NAMES + ")", "conciliate", "FOO");
    assertFault(2, "INCORRECT_PARAMETERS: incorrect strategy: -1"
        + " (integer expected in [0, 1, 2, 3, 4, 5]", "conciliate", -1);
    assertFault(2, "INCORRECT_PARAMETERS: invalid <enum 'ConciliationStrategies'>: 1.0"
        + " (string or integer expected)", "conciliate", 1.0);
    assertTrue(service.controls.isEmpty(), service.controls.toString());
  }

  @Test
  void wrongArityIsABareIncorrectParameters() {
    for (String method : List.of("start_application", "restart_application")) {
      assertBareIncorrect(method, "CONFIG");
      assertBareIncorrect(method, "CONFIG", "app", true, "x");
    }
    for (String method : List.of("start_process", "start_any_process", "restart_process")) {
      assertBareIncorrect(method, "CONFIG");
      assertBareIncorrect(method, "CONFIG", "app:p1", "", true, "x");
    }
    for (String method : List.of("stop_application", "stop_process", "enable", "disable")) {
      assertBareIncorrect(method);
      assertBareIncorrect(method, "app", true, "x");
    }
    assertBareIncorrect("start_args", "app:p1");
    assertBareIncorrect("start_args", "app:p1", "", true, "x");
    assertBareIncorrect("restart_sequence", true, "x");
    assertBareIncorrect("restart", "x");
    assertBareIncorrect("shutdown", "x");
    assertBareIncorrect("conciliate");
    assertBareIncorrect("conciliate", "USER", "x");
    assertTrue(service.controls.isEmpty(), service.controls.toString());
  }

  @Test
  void nonStringNamesAreABareIncorrectParameters() {
    assertBareIncorrect("start_application", "CONFIG", 5);
    assertBareIncorrect("restart_application", "CONFIG", new Object[] {"app"});
    assertBareIncorrect("start_process", "CONFIG", 5);
    assertBareIncorrect("start_process", "CONFIG", "app:p1", 5);
    assertBareIncorrect("start_any_process", "CONFIG", 5);
    assertBareIncorrect("restart_process", "CONFIG", "app:p1", true);
    assertBareIncorrect("stop_application", 5);
    assertBareIncorrect("stop_process", Map.of());
    assertBareIncorrect("enable", 5);
    assertBareIncorrect("disable", 5);
    assertBareIncorrect("start_args", 5, "");
    assertBareIncorrect("start_args", "app:p1", 5);
    assertTrue(service.controls.isEmpty(), service.controls.toString());
  }

  // --- state guard ----------------------------------------------------------------------------

  @Test
  void guardIsReportedBeforeRefusedParameters() {
    service.fsmState = SupvisorsState.CONCILIATION;
    String operating = badState(SupvisorsState.CONCILIATION, OPERATING_ONLY);
    for (String method : STRATEGY_METHODS) {
      assertFault(101, operating, method, "FOO", "app");
      assertFault(101, operating, method, 2.5, "app");
      assertFault(101, operating, method, "CONFIG", 5);
    }
    assertFault(101, operating, "enable", 5);
    assertFault(101, operating, "disable", 5);
    service.fsmState = SupvisorsState.OPERATION;
    assertFault(101, badState(SupvisorsState.OPERATION, "['CONCILIATION']"), "conciliate", "FOO");
    service.fsmState = SupvisorsState.INITIALIZATION;
    String stops = badState(SupvisorsState.INITIALIZATION, OPERATING_CONCILIATION);
    assertFault(101, stops, "stop_application", 5);
    assertFault(101, stops, "stop_process", (Object) new Object[] {});
    // The status methods follow the same rule.
    String status = badState(SupvisorsState.INITIALIZATION, FROM_DEPLOYMENT);
    for (String method : List.of("get_application_info", "get_application_rules",
        "get_process_info", "get_process_rules")) {
      assertFault(101, status, method, 5);
    }
    assertTrue(service.controls.isEmpty(), service.controls.toString());
  }

  @Test
  void guardIsAskedAloneOnlyForRefusedParameters() throws Exception {
    assertForwarded(true, received("start_application", StartingStrategy.CONFIG, "app", true),
        "start_application", "CONFIG", "app");
    assertEquals(0, service.guardChecks.get());
    assertBareIncorrect("start_application", "CONFIG", 5);
    assertEquals(1, service.guardChecks.get());
  }

  @Test
  void arityIsCheckedBeforeTheGuard() {
    // A wrong arity is a TypeError at call time in Supvisors, before the method body runs.
    service.fsmState = SupvisorsState.INITIALIZATION;
    assertBareIncorrect("start_application", "CONFIG");
    assertBareIncorrect("stop_process");
    assertBareIncorrect("conciliate");
    assertBareIncorrect("restart", "x");
  }

  @Test
  void guardOfEachMethod() throws Exception {
    Map<String, Object[]> valid = new LinkedHashMap<>();
    valid.put("start_application", new Object[] {"CONFIG", "app"});
    valid.put("restart_application", new Object[] {"CONFIG", "app"});
    valid.put("start_process", new Object[] {"CONFIG", "app:p1"});
    valid.put("start_any_process", new Object[] {"CONFIG", "p1"});
    valid.put("restart_process", new Object[] {"CONFIG", "app:p1"});
    valid.put("enable", new Object[] {"wk"});
    valid.put("disable", new Object[] {"wk"});
    valid.put("restart_sequence", new Object[] {});
    service.fsmState = SupvisorsState.CONCILIATION;
    for (Map.Entry<String, Object[]> entry : valid.entrySet()) {
      assertFault(101, badState(SupvisorsState.CONCILIATION, OPERATING_ONLY), entry.getKey(),
          entry.getValue());
    }
    assertEquals(true, call("stop_application", "app"));
    assertEquals(true, call("stop_process", "app:p1"));
    assertEquals(true, call("restart"));
    service.fsmState = SupvisorsState.FINAL;
    assertFault(101, badState(SupvisorsState.FINAL, OPERATING_CONCILIATION),
        "stop_application", "app");
    assertFault(101, badState(SupvisorsState.FINAL, FROM_DEPLOYMENT), "restart");
    assertFault(101, badState(SupvisorsState.FINAL, FROM_DEPLOYMENT), "shutdown");
    assertFault(101, badState(SupvisorsState.FINAL, "['CONCILIATION']"), "conciliate", "USER");
    // start_args has no guard.
    assertEquals(true, call("start_args", "app:p1", ""));
  }

  @Test
  void nodeFaultsPassThroughUnchanged() {
    assertFault(10, "BAD_NAME: nope", "start_application", "CONFIG", "nope");
    assertFault(10, "BAD_NAME: nope", "stop_process", "nope");
    assertFault(10, "BAD_NAME: nope", "start_args", "nope", "");
  }

  // --- introspection --------------------------------------------------------------------------

  @Test
  void signaturesHelpAndListing() throws Exception {
    Map<String, List<String>> expected = new LinkedHashMap<>();
    expected.put("conciliate", List.of("bool", "ConciliationStrategies"));
    for (String name : List.of("disable", "enable", "stop_application", "stop_process")) {
      expected.put(name, List.of("bool", "str", "bool"));
    }
    for (String name : List.of("restart", "shutdown")) {
      expected.put(name, List.of("bool"));
    }
    for (String name : List.of("restart_application", "start_application")) {
      expected.put(name, List.of("bool", "StartingStrategies", "str", "bool"));
    }
    for (String name : List.of("restart_process", "start_process")) {
      expected.put(name, List.of("bool", "StartingStrategies", "str", "str", "bool"));
    }
    expected.put("start_any_process", List.of("str", "StartingStrategies", "str", "str", "bool"));
    expected.put("start_args", List.of("bool", "str", "str", "bool"));
    expected.put("restart_sequence", List.of("bool", "bool"));
    List<Object> listed = List.of((Object[]) client.execute("system.listMethods", new Object[0]));
    for (Map.Entry<String, List<String>> entry : expected.entrySet()) {
      String name = NS + entry.getKey();
      assertTrue(listed.contains(name), name);
      Object signature = client.execute("system.methodSignature", new Object[] {name});
      assertEquals(entry.getValue(), List.of((Object[]) signature), name);
      Object help = client.execute("system.methodHelp", new Object[] {name});
      assertTrue(help instanceof String text && !text.isBlank(), name);
    }
    // Not implemented yet: neither listed nor callable.
    assertFalse(listed.contains(NS + "update_numprocs"));
    assertFault(1, "UNKNOWN_METHOD", "update_numprocs", "wk", 2);
  }
}
