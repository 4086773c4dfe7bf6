package org.supvisors.http.xmlrpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.http.javadsl.ServerBinding;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
import org.supvisors.protocol.SupvisorsState;

/**
 * The status methods of the {@code supvisors} namespace over a real binding: keys, value types and
 * key order of their structs (checked on the raw response, as Apache's client forgets the order),
 * their signatures, the bare fault for a wrong arity or type, and the node's faults passed through
 * unchanged. Every test binds its own route with its own fake node.
 */
class SupvisorsMethodsTest {

  private static final String NS = "supvisors.";
  private static ActorSystem<Void> system;

  private final FakeSupvisorsService service = new FakeSupvisorsService();
  private final HttpClient http = HttpClient.newHttpClient();
  private ServerBinding binding;
  private String base;

  @BeforeAll
  static void startSystem() {
    system = ActorSystem.create(Behaviors.empty(), "SupvisorsMethodsTest");
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
    base = "http://127.0.0.1:" + binding.localAddress().getPort();
  }

  @AfterEach
  void unbind() {
    binding.unbind().toCompletableFuture().join();
  }

  // --- helpers --------------------------------------------------------------------------------

  private Object call(String method, Object... params) throws Exception {
    XmlRpcClientConfigImpl config = new XmlRpcClientConfigImpl();
    config.setServerURL(new URL(base + "/RPC2"));
    XmlRpcClient client = new XmlRpcClient();
    client.setConfig(config);
    return client.execute(NS + method, params);
  }

  private void assertFault(int code, String text, String method, Object... params) {
    XmlRpcException e = assertThrows(XmlRpcException.class, () -> call(method, params));
    assertEquals(code, e.code, e.getMessage());
    assertEquals(text, e.getMessage());
  }

  /** The raw response of a call with string parameters, to check the order of struct keys. */
  private String raw(String method, String... params) throws Exception {
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?><methodCall><methodName>")
        .append(NS).append(method).append("</methodName><params>");
    for (String param : params) {
      xml.append("<param><value><string>").append(param).append("</string></value></param>");
    }
    xml.append("</params></methodCall>");
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/RPC2"))
        .POST(HttpRequest.BodyPublishers.ofString(xml.toString(), StandardCharsets.UTF_8))
        .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  /** Each struct of the response lists {@code keys} in this order, and nothing else. */
  private static void assertKeyOrder(String raw, int structs, List<String> keys) {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < structs; i++) {
      expected.addAll(keys);
    }
    List<String> names = new ArrayList<>();
    int at = raw.indexOf("<name>");
    while (at >= 0) {
      int end = raw.indexOf("</name>", at);
      names.add(raw.substring(at + "<name>".length(), end));
      at = raw.indexOf("<name>", end);
    }
    assertEquals(expected, names, raw);
  }

  private static Map<String, Object> map(Object... pairs) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], pairs[i + 1]);
    }
    return map;
  }

  private static final List<String> APPLICATION_KEYS = List.of("application_name", "managed",
      "statecode", "statename", "major_failure", "minor_failure");
  private static final List<String> PROCESS_KEYS = List.of("application_name", "process_name",
      "statecode", "statename", "expected_exit", "last_event_time", "identifiers", "extra_args");
  private static final List<String> PROCESS_RULES_KEYS = List.of("identifiers", "start_sequence",
      "stop_sequence", "required", "wait_exit", "expected_loading", "starting_failure_strategy",
      "running_failure_strategy", "application_name", "process_name");
  private static final List<String> LOCAL_PROCESS_KEYS = List.of("name", "group", "state",
      "statename", "start", "stop", "now", "pid", "description", "spawnerr", "expected",
      "startsecs", "stopwaitsecs", "extra_args", "disabled", "program_name", "process_index");

  private static void assertProcess(Map<?, ?> process, String name, int statecode,
      String statename, boolean expectedExit, double time, String[] identifiers, String extra) {
    assertEquals("app", process.get("application_name"));
    assertEquals(name, process.get("process_name"));
    assertEquals(statecode, process.get("statecode"));
    assertEquals(statename, process.get("statename"));
    assertEquals(expectedExit, process.get("expected_exit"));
    assertEquals(time, process.get("last_event_time"));
    assertArrayEquals(identifiers, (Object[]) process.get("identifiers"));
    assertEquals(extra, process.get("extra_args"));
  }

  private static void assertP1(Object process) {
    assertProcess((Map<?, ?>) process, "p1", 20, "RUNNING", true, 1795559867.8827746,
        new String[] {"sv1"}, "");
  }

  private static void assertP2(Object process) {
    assertProcess((Map<?, ?>) process, "p2", 30, "BACKOFF", false, 1795559868.5,
        new String[] {"sv1", "sv2"}, "-v");
  }

  // --- applications ---------------------------------------------------------------------------

  @Test
  void allApplicationsInfoInFirstSeenOrder() throws Exception {
    Object[] all = (Object[]) call("get_all_applications_info");
    assertEquals(map("application_name", "app", "managed", true, "statecode", 2,
        "statename", "RUNNING", "major_failure", false, "minor_failure", true), all[0]);
    assertEquals(map("application_name", "tools", "managed", false, "statecode", 0,
        "statename", "STOPPED", "major_failure", false, "minor_failure", false), all[1]);
    assertEquals(2, all.length);
    assertKeyOrder(raw("get_all_applications_info"), 2, APPLICATION_KEYS);
  }

  @Test
  void applicationInfo() throws Exception {
    assertEquals(map("application_name", "tools", "managed", false, "statecode", 0,
        "statename", "STOPPED", "major_failure", false, "minor_failure", false),
        call("get_application_info", "tools"));
    assertKeyOrder(raw("get_application_info", "app"), 1, APPLICATION_KEYS);
  }

  @Test
  void applicationRulesOfManagedAndUnmanagedApplications() throws Exception {
    Map<?, ?> rules = (Map<?, ?>) call("get_application_rules", "app");
    assertEquals("SINGLE_INSTANCE", rules.get("distribution"));
    assertArrayEquals(new Object[] {"sv1"}, (Object[]) rules.get("identifiers"));
    assertEquals(1, rules.get("start_sequence"));
    assertKeyOrder(raw("get_application_rules", "app"), 1, List.of("managed", "distribution",
        "identifiers", "start_sequence", "stop_sequence", "starting_strategy",
        "starting_failure_strategy", "running_failure_strategy", "application_name"));
    assertEquals(map("managed", false, "application_name", "tools"),
        call("get_application_rules", "tools"));
    assertKeyOrder(raw("get_application_rules", "tools"), 1,
        List.of("managed", "application_name"));
  }

  // --- processes ------------------------------------------------------------------------------

  @Test
  void allProcessInfo() throws Exception {
    Object[] all = (Object[]) call("get_all_process_info");
    assertEquals(2, all.length);
    assertP1(all[0]);
    assertP2(all[1]);
    String raw = raw("get_all_process_info");
    assertKeyOrder(raw, 2, PROCESS_KEYS);
    // A double even when its value is whole-ish, as Python's time.time() is.
    assertTrue(raw.contains("<double>1795559868.5</double>"), raw);
  }

  @Test
  void processInfoIsAlwaysAnArray() throws Exception {
    Object[] one = (Object[]) call("get_process_info", "app:p2");
    assertEquals(1, one.length);
    assertP2(one[0]);
    for (String group : List.of("app:*", "app:")) {
      Object[] all = (Object[]) call("get_process_info", group);
      assertEquals(2, all.length, group);
      assertP1(all[0]);
      assertP2(all[1]);
    }
    assertKeyOrder(raw("get_process_info", "app:p1"), 1, PROCESS_KEYS);
  }

  @Test
  void processRules() throws Exception {
    Object[] rules = (Object[]) call("get_process_rules", "app:*");
    assertEquals(2, rules.length);
    Map<?, ?> p2 = (Map<?, ?>) rules[1];
    assertEquals("p2", p2.get("process_name"));
    assertArrayEquals(new Object[] {"*"}, (Object[]) p2.get("identifiers"));
    assertEquals(true, p2.get("required"));
    assertEquals(5, p2.get("expected_loading"));
    assertKeyOrder(raw("get_process_rules", "app:p1"), 1, PROCESS_RULES_KEYS);
  }

  @Test
  void conflicts() throws Exception {
    Object[] conflicts = (Object[]) call("get_conflicts");
    assertEquals(1, conflicts.length);
    assertP2(conflicts[0]);
    assertKeyOrder(raw("get_conflicts"), 1, PROCESS_KEYS);
  }

  // --- local processes ------------------------------------------------------------------------

  @Test
  void localProcessInfo() throws Exception {
    Map<String, Object> expected = map("name", "wk_01", "group", "app", "state", 20,
        "statename", "RUNNING", "start", 1795559702, "stop", 0, "now", 1795559724.0,
        "pid", 10033, "description", "pid 10033, uptime 0:00:22", "spawnerr", "",
        "expected", true, "startsecs", 1, "stopwaitsecs", 10, "extra_args", "",
        "disabled", false, "program_name", "wk", "process_index", 1);
    assertEquals(expected, call("get_local_process_info", "app:wk_01"));
    Object[] all = (Object[]) call("get_all_local_process_info");
    assertArrayEquals(new Object[] {expected}, all);
    assertKeyOrder(raw("get_local_process_info", "app:wk_01"), 1, LOCAL_PROCESS_KEYS);
    assertKeyOrder(raw("get_all_local_process_info"), 1, LOCAL_PROCESS_KEYS);
    // now is Supervisor's int turned into a float: always ".0" on the wire.
    assertTrue(raw("get_all_local_process_info").contains("<double>1795559724.0</double>"));
  }

  // --- signatures and faults ------------------------------------------------------------------

  @Test
  void methodSignatures() throws Exception {
    Map<String, List<String>> expected = new LinkedHashMap<>();
    for (String name : List.of("get_all_applications_info", "get_all_local_process_info",
        "get_all_process_info", "get_conflicts")) {
      expected.put(name, List.of("list[dict[str, Any]]"));
    }
    for (String name : List.of("get_application_info", "get_application_rules",
        "get_local_process_info")) {
      expected.put(name, List.of("dict[str, Any]", "str"));
    }
    for (String name : List.of("get_process_info", "get_process_rules")) {
      expected.put(name, List.of("list[dict[str, Any]]", "str"));
    }
    XmlRpcClientConfigImpl config = new XmlRpcClientConfigImpl();
    config.setServerURL(new URL(base + "/RPC2"));
    XmlRpcClient client = new XmlRpcClient();
    client.setConfig(config);
    for (Map.Entry<String, List<String>> entry : expected.entrySet()) {
      Object signature = client.execute("system.methodSignature", new Object[] {NS + entry.getKey()});
      assertEquals(entry.getValue(), List.of((Object[]) signature), entry.getKey());
      Object help = client.execute("system.methodHelp", new Object[] {NS + entry.getKey()});
      assertTrue(help instanceof String text && !text.isBlank(), entry.getKey());
    }
  }

  @Test
  void wrongArityOrTypeIsABareIncorrectParameters() {
    for (String method : List.of("get_all_applications_info", "get_all_process_info",
        "get_conflicts", "get_all_local_process_info")) {
      assertFault(2, "INCORRECT_PARAMETERS", method, "x");
    }
    for (String method : List.of("get_application_info", "get_application_rules",
        "get_process_info", "get_process_rules", "get_local_process_info")) {
      assertFault(2, "INCORRECT_PARAMETERS", method);
      assertFault(2, "INCORRECT_PARAMETERS", method, "app", "app");
      assertFault(2, "INCORRECT_PARAMETERS", method, 5);
      assertFault(2, "INCORRECT_PARAMETERS", method, (Object) new Object[] {"app"});
    }
  }

  @Test
  void unknownNamesPassThroughUnchanged() {
    assertFault(10, "BAD_NAME: application nope unknown to Supvisors",
        "get_application_info", "nope");
    assertFault(10, "BAD_NAME: application nope unknown to Supvisors",
        "get_application_rules", "nope");
    assertFault(10, "BAD_NAME: application nope unknown to Supvisors",
        "get_process_info", "nope:*");
    assertFault(10, "BAD_NAME: process=p9 unknown in application=app",
        "get_process_info", "app:p9");
    assertFault(10, "BAD_NAME: process=p9 unknown in application=app",
        "get_process_rules", "app:p9");
    assertFault(10, "BAD_NAME: app:nope", "get_local_process_info", "app:nope");
  }

  @Test
  void stateGuardPassesThroughUnchanged() throws Exception {
    service.fsmState = SupvisorsState.INITIALIZATION;
    String text = "BAD_SUPVISORS_STATE: Supvisors (state=INITIALIZATION) not in state"
        + " ['DEPLOYMENT', 'OPERATION', 'CONCILIATION', 'RESTARTING', 'SHUTTING_DOWN']"
        + " to perform request";
    for (String method : List.of("get_all_applications_info", "get_all_process_info",
        "get_conflicts")) {
      assertFault(101, text, method);
    }
    for (String method : List.of("get_application_info", "get_application_rules",
        "get_process_info", "get_process_rules")) {
      // The guard comes before the name check, which would fail too.
      assertFault(101, text, method, "nope");
    }
    // The local methods have no guard.
    assertEquals(1, ((Object[]) call("get_all_local_process_info")).length);
    assertEquals("wk_01", ((Map<?, ?>) call("get_local_process_info", "app:wk_01")).get("name"));
  }
}
