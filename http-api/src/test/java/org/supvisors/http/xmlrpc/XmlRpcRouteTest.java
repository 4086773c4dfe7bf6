package org.supvisors.http.xmlrpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientConfigImpl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.supvisors.http.HttpServer;
import org.supvisors.protocol.Fault;
import org.supvisors.protocol.LogLevel;
import org.supvisors.protocol.SupvisorsException;

/**
 * The /RPC2 route over a real binding, called by a real XML-RPC client (Apache XML-RPC) for the
 * method semantics and by a plain HTTP client for the transport. Every test binds its own route on a
 * free port with its own fake node.
 */
class XmlRpcRouteTest {

  private static final String XML_DECLARATION = "<?xml version=\"1.0\"?>";
  private static ActorSystem<Void> system;

  private final FakeSupvisorsService service = new FakeSupvisorsService();
  private final List<ServerBinding> bindings = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void startSystem() {
    system = ActorSystem.create(Behaviors.empty(), "XmlRpcRouteTest");
  }

  @AfterAll
  static void stopSystem() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void unbind() {
    bindings.forEach(binding -> binding.unbind().toCompletableFuture().join());
  }

  // --- helpers --------------------------------------------------------------------------------

  /** Binds {@code route} on a free loopback port and returns the base URL. */
  private String bind(XmlRpcRoute route) throws Exception {
    ServerBinding binding = HttpServer.start(system, "127.0.0.1", 0, route.routes())
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    bindings.add(binding);
    return "http://127.0.0.1:" + binding.localAddress().getPort();
  }

  private String bind() throws Exception {
    return bind(new XmlRpcRoute(service, Optional.empty(), XmlRpcSettings.defaults()));
  }

  private static XmlRpcClient client(String base, String user, String password) throws Exception {
    XmlRpcClientConfigImpl config = new XmlRpcClientConfigImpl();
    config.setServerURL(new URL(base + "/RPC2"));
    config.setBasicUserName(user);
    config.setBasicPassword(password);
    XmlRpcClient client = new XmlRpcClient();
    client.setConfig(config);
    return client;
  }

  private static Object call(String base, String method, Object... params) throws Exception {
    return client(base, null, null).execute(method, params);
  }

  private static void assertFault(int code, String text, String base, String method,
      Object... params) {
    XmlRpcException e = assertThrows(XmlRpcException.class, () -> call(base, method, params));
    assertEquals(code, e.code, e.getMessage());
    assertEquals(text, e.getMessage());
  }

  private HttpResponse<String> post(String url, String body, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String methodCall(String method, String... values) {
    StringBuilder xml = new StringBuilder(XML_DECLARATION).append("<methodCall><methodName>")
        .append(method).append("</methodName><params>");
    for (String value : values) {
      xml.append("<param><value>").append(value).append("</value></param>");
    }
    return xml.append("</params></methodCall>").toString();
  }

  private static void assertInOrder(String text, String... parts) {
    int from = 0;
    for (String part : parts) {
      int at = text.indexOf(part, from);
      assertTrue(at >= 0, part + " missing or out of order in " + text);
      from = at + part.length();
    }
  }

  // --- supvisors.* results --------------------------------------------------------------------

  @Test
  void simpleStatusMethods() throws Exception {
    String base = bind();
    assertEquals("0.17.4", call(base, "supvisors.get_api_version"));
    assertEquals("sv1", call(base, "supvisors.get_master_identifier"));
    assertEquals(Map.of("auto-fencing", false, "starting", "CONFIG", "conciliation", "USER"),
        call(base, "supvisors.get_strategies"));
  }

  @Test
  void supvisorsState() throws Exception {
    String base = bind();
    Map<?, ?> state = (Map<?, ?>) call(base, "supvisors.get_supvisors_state");
    assertEquals(Set.of("fsm_statecode", "fsm_statename", "discovery_mode", "master_identifier",
        "starting_jobs", "stopping_jobs"), state.keySet());
    assertEquals(3, state.get("fsm_statecode"));
    assertEquals("OPERATION", state.get("fsm_statename"));
    assertEquals(false, state.get("discovery_mode"));
    assertEquals("sv1", state.get("master_identifier"));
    assertArrayEquals(new Object[] {"sv2"}, (Object[]) state.get("starting_jobs"));
    assertArrayEquals(new Object[] {}, (Object[]) state.get("stopping_jobs"));
    // Keys travel in Supvisors' order.
    String raw = post(base + "/RPC2", methodCall("supvisors.get_supvisors_state")).body();
    assertInOrder(raw, "fsm_statecode", "fsm_statename", "discovery_mode", "master_identifier",
        "starting_jobs", "stopping_jobs");
  }

  @Test
  void instanceInfo() throws Exception {
    String base = bind();
    Map<?, ?> info = (Map<?, ?>) call(base, "supvisors.get_instance_info", "sv1");
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("identifier", "sv1");
    expected.put("node_name", "localhost");
    expected.put("port", 61000);
    expected.put("statecode", 3);
    expected.put("statename", "RUNNING");
    expected.put("sequence_counter", 5);
    expected.put("remote_time", 1795559720);
    expected.put("local_time", 1795559721);
    expected.put("loading", 10);
    expected.put("process_failure", true);
    expected.put("fsm_statecode", 3);
    expected.put("fsm_statename", "OPERATION");
    expected.put("discovery_mode", false);
    expected.put("master_identifier", "sv1");
    expected.put("starting_jobs", false);
    expected.put("stopping_jobs", true);
    assertEquals(expected, info);
    String raw = post(base + "/RPC2", methodCall("supvisors.get_instance_info", "sv1")).body();
    assertInOrder(raw, expected.keySet().toArray(String[]::new));
  }

  @Test
  void allInstancesInfoWithCappedTimes() throws Exception {
    String base = bind();
    Object[] all = (Object[]) call(base, "supvisors.get_all_instances_info");
    assertEquals(2, all.length);
    assertEquals("sv1", ((Map<?, ?>) all[0]).get("identifier"));
    Map<?, ?> sv2 = (Map<?, ?>) all[1];
    assertEquals("sv2", sv2.get("identifier"));
    assertEquals(Integer.MAX_VALUE, sv2.get("remote_time"));
    assertEquals("OFF", sv2.get("fsm_statename"));
  }

  @Test
  void endSyncPassesTheMaster() throws Exception {
    String base = bind();
    assertEquals(true, call(base, "supvisors.end_sync"));
    assertEquals(true, call(base, "supvisors.end_sync", "sv2"));
    // Python truthiness: a false value elects, another value is looked up as an identifier.
    assertEquals(true, call(base, "supvisors.end_sync", 0));
    assertEquals(true, call(base, "supvisors.end_sync", 5));
    assertEquals(List.of("", "sv2", "", "5"), new ArrayList<>(service.endSyncMasters));
  }

  @Test
  void changeLogLevelByNameOrNumber() throws Exception {
    String base = bind();
    assertEquals(true, call(base, "supvisors.change_log_level", "DEBUG"));
    assertEquals(true, call(base, "supvisors.change_log_level", 5));
    assertEquals(List.of(LogLevel.DEBUG, LogLevel.TRACE), new ArrayList<>(service.logLevels));
  }

  // --- faults ---------------------------------------------------------------------------------

  @Test
  void unknownMethods() throws Exception {
    String base = bind();
    for (String name : List.of("supvisors.nope", "get_api_version", "supvisors.get.api_version",
        "supvisors._private", "supvisors.", "supervisor.getState", "system.nope")) {
      assertFault(1, "UNKNOWN_METHOD", base, name);
    }
  }

  @Test
  void wrongArityOrTypeIsABareIncorrectParameters() throws Exception {
    String base = bind();
    assertFault(2, "INCORRECT_PARAMETERS", base, "supvisors.get_api_version", 1);
    assertFault(2, "INCORRECT_PARAMETERS", base, "supvisors.get_all_instances_info", "x");
    assertFault(2, "INCORRECT_PARAMETERS", base, "supvisors.get_instance_info");
    assertFault(2, "INCORRECT_PARAMETERS", base, "supvisors.get_instance_info", "a", "b");
    assertFault(2, "INCORRECT_PARAMETERS", base, "supvisors.get_instance_info",
        (Object) new Object[] {"sv1"});
    assertFault(2, "INCORRECT_PARAMETERS", base, "supvisors.end_sync", "a", "b");
    assertFault(2, "INCORRECT_PARAMETERS", base, "supvisors.end_sync", (Object) new Object[] {1});
    assertFault(2, "INCORRECT_PARAMETERS", base, "supvisors.change_log_level");
    assertTrue(service.endSyncMasters.isEmpty());
  }

  @Test
  void changeLogLevelTexts() throws Exception {
    String base = bind();
    assertFault(2, "INCORRECT_PARAMETERS: invalid logger level: warning (string expected in"
        + " ['critical', 'error', 'warn', 'info', 'debug', 'trace', 'blather'])",
        base, "supvisors.change_log_level", "warning");
    assertFault(2, "INCORRECT_PARAMETERS: invalid logger level: 31 (integer expected in"
        + " [50, 40, 30, 20, 10, 5, 3])", base, "supvisors.change_log_level", 31);
    assertFault(2, "INCORRECT_PARAMETERS: invalid logger level: 2.0 (string or integer expected)",
        base, "supvisors.change_log_level", 2.0);
    assertTrue(service.logLevels.isEmpty());
  }

  @Test
  void unknownInstance() throws Exception {
    String base = bind();
    assertFault(2, "INCORRECT_PARAMETERS: nope unknown to Supvisors",
        base, "supvisors.get_instance_info", "nope");
    assertFault(2, "INCORRECT_PARAMETERS: 5 unknown to Supvisors",
        base, "supvisors.get_instance_info", 5);
  }

  @Test
  void serviceFaultsPassThrough() throws Exception {
    String base = bind();
    assertFault(101, "BAD_SUPVISORS_STATE: Supvisors (state=OPERATION) not in state"
        + " ['INITIALIZATION'] to perform request", base, "supvisors.end_sync", "sv3");
  }

  @Test
  void anyOtherFailureIsFailed() throws Exception {
    String base = bind();
    assertFault(30, "FAILED: IllegalStateException: boom", base, "supvisors.end_sync", "boom");
  }

  @Test
  void unansweredCallIsFailed() throws Exception {
    String base = bind(new XmlRpcRoute(service, Optional.empty(),
        XmlRpcSettings.defaults().withCallTimeout(Duration.ofMillis(200))));
    assertFault(30, "FAILED: no answer within 200 ms", base, "supvisors.end_sync", "slow");
  }

  @Test
  void unmarshallableResultIsFailed() throws Exception {
    String base = bind(new XmlRpcRoute(new FakeSupvisorsService(null), Optional.empty(),
        XmlRpcSettings.defaults()));
    assertFault(30, "FAILED: cannot marshal the result: cannot marshal None",
        base, "supvisors.get_master_identifier");
  }

  // --- system.* -------------------------------------------------------------------------------

  private static final List<String> ALL_METHODS = List.of(
      "supvisors.change_log_level", "supvisors.conciliate", "supvisors.disable",
      "supvisors.enable", "supvisors.end_sync", "supvisors.get_all_applications_info",
      "supvisors.get_all_instances_info", "supvisors.get_all_local_process_info",
      "supvisors.get_all_process_info", "supvisors.get_api_version",
      "supvisors.get_application_info", "supvisors.get_application_rules",
      "supvisors.get_conflicts", "supvisors.get_instance_info",
      "supvisors.get_local_process_info", "supvisors.get_master_identifier",
      "supvisors.get_process_info", "supvisors.get_process_rules",
      "supvisors.get_strategies", "supvisors.get_supvisors_state",
      "supvisors.restart", "supvisors.restart_application", "supvisors.restart_process",
      "supvisors.restart_sequence", "supvisors.shutdown", "supvisors.start_any_process",
      "supvisors.start_application", "supvisors.start_args", "supvisors.start_process",
      "supvisors.stop_application", "supvisors.stop_process",
      "system.listMethods", "system.methodHelp", "system.methodSignature", "system.multicall");

  @Test
  void listMethods() throws Exception {
    String base = bind();
    assertEquals(ALL_METHODS, List.of((Object[]) call(base, "system.listMethods")));
    assertFault(2, "INCORRECT_PARAMETERS", base, "system.listMethods", "x");
  }

  @Test
  void methodSignatures() throws Exception {
    String base = bind();
    Map<String, List<String>> expected = Map.of(
        "supvisors.change_log_level", List.of("bool", "Union[str, int]"),
        "supvisors.end_sync", List.of("bool"),
        "supvisors.get_all_instances_info", List.of("list[dict[str, Any]]"),
        "supvisors.get_api_version", List.of("str"),
        "supvisors.get_instance_info", List.of("dict[str, Any]", "str"),
        "supvisors.get_master_identifier", List.of("str"),
        "supvisors.get_strategies", List.of("dict[str, Any]"),
        "supvisors.get_supvisors_state", List.of("dict[str, Any]"),
        "system.multicall", List.of("array", "array"),
        "system.listMethods", List.of("array"));
    for (Map.Entry<String, List<String>> entry : expected.entrySet()) {
      assertEquals(entry.getValue(),
          List.of((Object[]) call(base, "system.methodSignature", entry.getKey())), entry.getKey());
    }
    assertFault(4, "SIGNATURE_UNSUPPORTED", base, "system.methodSignature", "supvisors.nope");
    assertFault(4, "SIGNATURE_UNSUPPORTED", base, "system.methodSignature", "supervisor.getState");
    assertFault(4, "SIGNATURE_UNSUPPORTED", base, "system.methodSignature", 1);
    assertFault(2, "INCORRECT_PARAMETERS", base, "system.methodSignature");
  }

  @Test
  void methodHelp() throws Exception {
    String base = bind();
    for (String name : ALL_METHODS) {
      Object help = call(base, "system.methodHelp", name);
      assertInstanceOf(String.class, help);
      assertFalse(((String) help).isBlank(), name);
    }
    assertFault(4, "SIGNATURE_UNSUPPORTED", base, "system.methodHelp", "supvisors.nope");
  }

  @Test
  void multicall() throws Exception {
    String base = bind();
    Object[] calls = {
        Map.of("methodName", "supvisors.get_api_version", "params", new Object[] {}),
        Map.of("methodName", "supvisors.get_instance_info", "params", new Object[] {"nope"}),
        Map.of("methodName", "supvisors.change_log_level", "params", new Object[] {"info"}),
        Map.of("methodName", "supvisors.nope"),
        Map.of("methodName", "system.multicall", "params", new Object[] {new Object[] {}}),
        Map.of("params", new Object[] {}),
        Map.of("methodName", "supvisors.get_master_identifier"),
        Map.of("methodName", "supvisors.end_sync", "params", "notalist"),
        "not a struct",
    };
    Object[] results = (Object[]) call(base, "system.multicall", (Object) calls);
    assertEquals(calls.length, results.length);
    assertEquals("0.17.4", results[0]);
    assertEquals(Map.of("faultCode", 2,
        "faultString", "INCORRECT_PARAMETERS: nope unknown to Supvisors"), results[1]);
    assertEquals(true, results[2]);
    assertEquals(Map.of("faultCode", 1, "faultString", "UNKNOWN_METHOD"), results[3]);
    assertEquals(Map.of("faultCode", 2,
        "faultString", "INCORRECT_PARAMETERS: Recursive system.multicall forbidden"), results[4]);
    assertEquals(Map.of("faultCode", 2, "faultString", "INCORRECT_PARAMETERS: No methodName"),
        results[5]);
    assertEquals("sv1", results[6]);
    assertEquals(Map.of("faultCode", 2, "faultString", "INCORRECT_PARAMETERS"), results[7]);
    assertEquals(30, ((Map<?, ?>) results[8]).get("faultCode"));
    assertEquals(List.of(LogLevel.INFO), new ArrayList<>(service.logLevels));
    assertFault(2, "INCORRECT_PARAMETERS", base, "system.multicall", "x");
    assertArrayEquals(new Object[] {},
        (Object[]) call(base, "system.multicall", (Object) new Object[] {}));
  }

  // --- forwarding to supervisord --------------------------------------------------------------

  @Test
  void otherNamespacesGoToTheSupervisorProxy() throws Exception {
    List<String> forwarded = new ArrayList<>();
    SupervisorProxy proxy = (method, params) -> {
      synchronized (forwarded) {
        forwarded.add(method + params);
      }
      return switch (method) {
        case "system.listMethods" -> CompletableFuture.completedFuture(
            List.of("supervisor.getState", "system.listMethods", "system.multicall"));
        case "supervisor.getState" -> CompletableFuture.completedFuture(
            Map.of("statecode", 1, "statename", "RUNNING"));
        case "system.methodHelp" -> CompletableFuture.completedFuture("help of " + params.get(0));
        default -> CompletableFuture.failedFuture(
            new SupvisorsException(Fault.BAD_NAME, "no such process"));
      };
    };
    String base = bind(new XmlRpcRoute(service, Optional.of(proxy), XmlRpcSettings.defaults()));
    assertEquals(Map.of("statecode", 1, "statename", "RUNNING"),
        call(base, "supervisor.getState"));
    assertFault(10, "BAD_NAME: no such process", base, "supervisor.startProcess", "x", true);
    List<String> names = new ArrayList<>(ALL_METHODS);
    names.add("supervisor.getState");
    names.sort(null);
    assertEquals(names, List.of((Object[]) call(base, "system.listMethods")));
    assertEquals("help of supervisor.getState",
        call(base, "system.methodHelp", "supervisor.getState"));
    // The Supvisors namespace and the local system methods are never forwarded.
    assertFault(1, "UNKNOWN_METHOD", base, "supvisors.nope");
    assertFault(4, "SIGNATURE_UNSUPPORTED", base, "system.methodHelp", "supvisors.nope");
    assertTrue(call(base, "system.methodHelp", "system.multicall").toString().contains("struct"));
    assertEquals(List.of("supervisor.getState[]", "supervisor.startProcess[x, true]",
        "system.listMethods[]", "system.methodHelp[supervisor.getState]"), forwarded);
  }

  @Test
  void listMethodsMergesSupervisordNamesGivenAsAnObjectArray() throws Exception {
    // Apache's XML-RPC client, which the node uses towards supervisord, answers arrays as Object[].
    SupervisorProxy proxy = (method, params) -> CompletableFuture.completedFuture(
        new Object[] {"supervisor.getState", "system.listMethods", "supervisor.addProcessGroup"});
    String base = bind(new XmlRpcRoute(service, Optional.of(proxy), XmlRpcSettings.defaults()));
    List<String> names = new ArrayList<>(ALL_METHODS);
    names.add("supervisor.addProcessGroup");
    names.add("supervisor.getState");
    names.sort(null);
    assertEquals(names, List.of((Object[]) call(base, "system.listMethods")));
  }

  @Test
  void multicallForwardsEachCallAsIfAlone() throws Exception {
    SupervisorProxy proxy = (method, params) -> method.equals("supervisor.getState")
        ? CompletableFuture.completedFuture(Map.of("statecode", 1, "statename", "RUNNING"))
        : CompletableFuture.failedFuture(new SupvisorsException(Fault.BAD_NAME, "nope"));
    String base = bind(new XmlRpcRoute(service, Optional.of(proxy), XmlRpcSettings.defaults()));
    Object[] calls = {
        Map.of("methodName", "supervisor.getState", "params", new Object[] {}),
        Map.of("methodName", "supvisors.get_api_version", "params", new Object[] {}),
        Map.of("methodName", "supervisor.startProcess", "params", new Object[] {"nope"}),
    };
    Object[] results = (Object[]) call(base, "system.multicall", (Object) calls);
    assertEquals(Map.of("statecode", 1, "statename", "RUNNING"), results[0]);
    assertEquals("0.17.4", results[1]);
    assertEquals(Map.of("faultCode", 10, "faultString", "BAD_NAME: nope"), results[2]);
  }

  // --- transport ------------------------------------------------------------------------------

  @Test
  void responsesAreTextXml() throws Exception {
    String base = bind();
    HttpResponse<String> response = post(base + "/RPC2", methodCall("supvisors.nope"),
        "Content-Type", "text/xml");
    assertEquals(200, response.statusCode());
    assertEquals("text/xml; charset=UTF-8",
        response.headers().firstValue("Content-Type").orElseThrow());
    assertTrue(response.body().contains("<fault>"));
  }

  @Test
  void anyPathStartingWithRpc2() throws Exception {
    String base = bind();
    for (String path : List.of("/RPC2", "/RPC2/", "/RPC2/sub/path", "/RPC2?x=1", "/RPC2x")) {
      HttpResponse<String> response =
          post(base + path, methodCall("supvisors.get_api_version"));
      assertEquals(200, response.statusCode(), path);
      assertTrue(response.body().contains("<string>0.17.4</string>"), path);
    }
    assertEquals(404, post(base + "/", methodCall("supvisors.get_api_version")).statusCode());
    assertEquals(404, post(base + "/rpc2", methodCall("supvisors.get_api_version")).statusCode());
  }

  @Test
  void onlyPost() throws Exception {
    String base = bind();
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(URI.create(base + "/RPC2")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(405, response.statusCode());
  }

  @Test
  void malformedRequestIsBadRequest() throws Exception {
    String base = bind();
    for (String body : List.of("garbage", "<methodCall>", "<methodCall><params/></methodCall>")) {
      HttpResponse<String> response = post(base + "/RPC2", body);
      assertEquals(400, response.statusCode(), body);
      assertTrue(response.body().contains("<int>3</int>"), response.body());
      assertTrue(response.body().contains("BAD_ARGUMENTS: malformed XML-RPC request"),
          response.body());
    }
  }

  @Test
  void externalEntitiesAreRefused(@TempDir Path dir) throws Exception {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "TOP-SECRET-CONTENT");
    String body = XML_DECLARATION + "<!DOCTYPE methodCall [<!ENTITY xxe SYSTEM \""
        + secret.toUri() + "\">]><methodCall><methodName>supvisors.get_instance_info</methodName>"
        + "<params><param><value>&xxe;</value></param></params></methodCall>";
    HttpResponse<String> response = post(bind() + "/RPC2", body);
    assertEquals(400, response.statusCode());
    assertFalse(response.body().contains("TOP-SECRET"));
  }

  @Test
  void basicAuthentication() throws Exception {
    String base = bind(new XmlRpcRoute(service, Optional.empty(),
        XmlRpcSettings.defaults().withCredentials("user", "s3cret")));
    String body = methodCall("supvisors.get_api_version");

    HttpResponse<String> missing = post(base + "/RPC2", body);
    assertEquals(401, missing.statusCode());
    assertTrue(missing.headers().firstValue("WWW-Authenticate").orElseThrow()
        .startsWith("Basic realm=\"default\""));

    for (String pair : List.of("user:wrong", "other:s3cret", "user:", "user:s3cretX")) {
      String header = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes());
      assertEquals(401, post(base + "/RPC2", body, "Authorization", header).statusCode(), pair);
    }
    String good = "Basic " + Base64.getEncoder().encodeToString("user:s3cret".getBytes());
    HttpResponse<String> ok = post(base + "/RPC2", body, "Authorization", good);
    assertEquals(200, ok.statusCode());
    assertTrue(ok.body().contains("0.17.4"));

    assertEquals("0.17.4", client(base, "user", "s3cret")
        .execute("supvisors.get_api_version", new Object[] {}));
    assertThrows(XmlRpcException.class,
        () -> client(base, "user", "bad").execute("supvisors.get_api_version", new Object[] {}));
  }

  @Test
  void basicAuthenticationWithShaPassword() throws Exception {
    // sha1("s3cret"), the form supervisord accepts in [inet_http_server].
    String base = bind(new XmlRpcRoute(service, Optional.empty(), XmlRpcSettings.defaults()
        .withCredentials("user", "{SHA}fef341f85d87439e7d91a2d465b9871ef66b5e98")));
    assertEquals("0.17.4", client(base, "user", "s3cret")
        .execute("supvisors.get_api_version", new Object[] {}));
    assertThrows(XmlRpcException.class, () -> client(base, "user", "{SHA}fef341f85d87439e7d91a2d465b9871ef66b5e98")
        .execute("supvisors.get_api_version", new Object[] {}));
  }
}
