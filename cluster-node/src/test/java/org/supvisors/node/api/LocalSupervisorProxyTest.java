package org.supvisors.node.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import akka.http.javadsl.ServerBinding;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.supvisors.http.HttpServer;
import org.supvisors.http.SupvisorsService;
import org.supvisors.http.SupvisorsService.StateGuard;
import org.supvisors.http.xmlrpc.SupvisorsMethods;
import org.supvisors.http.xmlrpc.XmlRpcRoute;
import org.supvisors.http.xmlrpc.XmlRpcSettings;
import org.supvisors.node.supervisor.SupervisorCallException;
import org.supvisors.node.supervisor.SupervisorClient;
import org.supvisors.node.supervisor.XmlRpcSupervisorClient;
import org.supvisors.node.testkit.RealSupervisord;
import org.supvisors.node.testkit.TestKitExtension;
import org.supvisors.protocol.ApplicationInfo;
import org.supvisors.protocol.ConciliationStrategy;
import org.supvisors.protocol.Fault;
import org.supvisors.protocol.InstanceInfo;
import org.supvisors.protocol.LocalProcessInfo;
import org.supvisors.protocol.LogLevel;
import org.supvisors.protocol.ProcessInfo;
import org.supvisors.protocol.StartingStrategy;
import org.supvisors.protocol.Strategies;
import org.supvisors.protocol.SupvisorsException;
import org.supvisors.protocol.SupvisorsStatus;
import org.supvisors.protocol.WireStruct;

/**
 * The node's /RPC2 route with a {@link LocalSupervisorProxy} in front of a real supervisord, driven
 * by the real Supervisor clients: {@code supervisorctl} and Python's {@code xmlrpc.client}. Each
 * test starts its own supervisord and binds its own route.
 */
class LocalSupervisorProxyTest {

  @RegisterExtension static final TestKitExtension testKit = new TestKitExtension();

  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

  @TempDir Path dir;

  static final String PROG_OUTPUT = "hello from prog";

  /** {@code prog} (not started automatically; prints a line then sleeps) and {@code other} (started at once). */
  static final String PROGRAMS = String.join("\n",
      "[program:prog]",
      "command=/bin/sh -c \"echo " + PROG_OUTPUT + "; exec sleep 600\"",
      "autostart=false",
      "startsecs=1",
      "stopwaitsecs=2",
      "",
      "[program:slow]",
      "command=sleep 600",
      "autostart=false",
      "startsecs=2",
      "stopwaitsecs=2",
      "",
      "[program:other]",
      "command=sleep 600",
      "startsecs=0",
      "stopwaitsecs=2",
      "");

  private final List<AutoCloseable> resources = new ArrayList<>();
  private final ExecutorService blocking = Executors.newCachedThreadPool();

  @BeforeAll
  static void requireSupervisor() {
    // Without Supervisor installed there is nothing to talk to: skip rather than fail.
    assumeTrue(
        onPath("supervisord") && onPath("supervisorctl") && onPath("python3"),
        "supervisord, supervisorctl and python3 are needed");
  }

  @AfterEach
  void release() throws Exception {
    try {
      for (int i = resources.size() - 1; i >= 0; i--) {
        resources.get(i).close();
      }
    } finally {
      blocking.shutdownNow();
    }
  }

  /** supervisord bounds its own waits: a forwarded start lasting startsecs is not cut by the API's call timeout. */
  @Test
  void aForwardedStartWaitsForStartsecsBeyondTheCallTimeout() throws Exception {
    RealSupervisord supervisord = supervisord();
    String node = node(supervisord.client(), XmlRpcSettings.defaults().withCallTimeout(Duration.ofSeconds(1)));
    assertEquals(new Output(0, "slow: started\n"), supervisorctl(node, "start", "slow"));
  }

  // --- helpers --------------------------------------------------------------------------------

  private RealSupervisord supervisord() throws Exception {
    RealSupervisord supervisord = RealSupervisord.start(dir, PROGRAMS);
    resources.add(supervisord);
    return supervisord;
  }

  /** Binds the route on a free loopback port, forwarding to {@code supervisor}; returns its base URL. */
  private String node(SupervisorClient supervisor) throws Exception {
    return node(supervisor, XmlRpcSettings.defaults());
  }

  private String node(SupervisorClient supervisor, XmlRpcSettings settings) throws Exception {
    XmlRpcRoute route = new XmlRpcRoute(new VersionOnlyService(),
        Optional.of(new LocalSupervisorProxy(supervisor)), settings);
    ServerBinding binding = HttpServer.start(testKit.kit().system(), "127.0.0.1", 0, route.routes())
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    resources.add(() -> binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS));
    return "http://127.0.0.1:" + binding.localAddress().getPort();
  }

  /** A client of {@code base}, the node or supervisord, as the node itself talks to supervisord. */
  private SupervisorClient client(String base) {
    return new XmlRpcSupervisorClient(base + "/RPC2", null, null, 10_000, blocking);
  }

  private static Object get(CompletionStage<Object> call) throws Exception {
    return call.toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private static SupervisorCallException failure(CompletionStage<Object> call) throws Exception {
    try {
      Object value = call.toCompletableFuture().get(20, TimeUnit.SECONDS);
      return fail("a fault was expected, got " + value);
    } catch (ExecutionException e) {
      return SupervisorCallException.of(e.getCause())
          .orElseThrow(() -> new AssertionError("not a call failure", e.getCause()));
    }
  }

  private record Output(int exitCode, String text) {}

  /** Runs a command to completion (killed by pid when it overruns), stdout and stderr together. */
  private Output run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      CompletableFuture<byte[]> text = CompletableFuture.supplyAsync(() -> {
        try {
          return process.getInputStream().readAllBytes();
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }, blocking);
      if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        fail(String.join(" ", command) + " did not end within " + COMMAND_TIMEOUT);
      }
      String output = new String(text.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
      return new Output(process.exitValue(), output);
    } finally {
      process.destroyForcibly();
    }
  }

  private Output supervisorctl(String base, String... command) throws Exception {
    List<String> line = new ArrayList<>(List.of("supervisorctl", "-s", base));
    line.addAll(List.of(command));
    return run(line.toArray(String[]::new));
  }

  private static void assertMatches(String regex, String text) {
    assertTrue(Pattern.compile(regex, Pattern.MULTILINE).matcher(text).find(),
        "/" + regex + "/ not found in:\n" + text);
  }

  // --- supervisorctl --------------------------------------------------------------------------

  @Test
  void supervisorctlStatusStartTailStop() throws Exception {
    RealSupervisord supervisord = supervisord();
    String node = node(supervisord.client());

    Output status = supervisorctl(node, "status");
    assertMatches("^other\\s+RUNNING\\s+pid \\d+, uptime ", status.text());
    assertMatches("^prog\\s+STOPPED\\s+Not started$", status.text());
    // LSB status code 3: a process is not running, as supervisorctl answers supervisord itself.
    assertEquals(3, status.exitCode(), status.text());
    assertEquals(supervisorctl(supervisord.serverUrl(), "status", "prog"),
        supervisorctl(node, "status", "prog"));

    Output start = supervisorctl(node, "start", "prog");
    assertEquals(new Output(0, "prog: started\n"), start);
    assertMatches("^prog\\s+RUNNING\\s+pid \\d+, uptime ", supervisorctl(node, "status").text());

    Output tail = supervisorctl(node, "tail", "prog");
    assertEquals(0, tail.exitCode(), tail.text());
    assertTrue(tail.text().contains(PROG_OUTPUT), tail.text());

    Output stop = supervisorctl(node, "stop", "prog");
    assertEquals(new Output(0, "prog: stopped\n"), stop);
    assertMatches("^prog\\s+STOPPED\\s+", supervisorctl(node, "status", "prog").text());
  }

  @Test
  void supervisorctlSeesTheFaultsOfSupervisord() throws Exception {
    RealSupervisord supervisord = supervisord();
    String node = node(supervisord.client());
    for (String[] command : List.of(new String[] {"start", "nope"},
        new String[] {"stop", "prog"}, new String[] {"start", "other"})) {
      Output direct = supervisorctl(supervisord.serverUrl(), command);
      assertEquals(direct, supervisorctl(node, command), String.join(" ", command));
    }
    assertMatches("^nope: ERROR \\(no such process\\)$",
        supervisorctl(node, "start", "nope").text());
  }

  // --- Python xmlrpc.client -------------------------------------------------------------------

  /**
   * The raw system.multicall: Python's MultiCall helper cannot read the answers of supervisord
   * itself (Supervisor does not wrap each result in an array), so it is not used here either.
   */
  @Test
  void pythonMulticallAcrossNamespaces() throws Exception {
    RealSupervisord supervisord = supervisord();
    String node = node(supervisord.client());
    String script = String.join("\n",
        "import json, sys, xmlrpc.client",
        "proxy = xmlrpc.client.ServerProxy(sys.argv[1] + '/RPC2')",
        "print(json.dumps(proxy.system.multicall([",
        "    {'methodName': 'supvisors.get_api_version', 'params': []},",
        "    {'methodName': 'supervisor.getState', 'params': []},",
        "    {'methodName': 'supervisor.startProcess', 'params': ['nope']},",
        "    {'methodName': 'supvisors.get_api_version', 'params': [1]},",
        "]), sort_keys=True))");
    Output output = run("python3", "-c", script, node);
    assertEquals(0, output.exitCode(), output.text());
    assertEquals("[\"0.17.4\", {\"statecode\": 1, \"statename\": \"RUNNING\"},"
        + " {\"faultCode\": 10, \"faultString\": \"BAD_NAME: nope\"},"
        + " {\"faultCode\": 2, \"faultString\": \"INCORRECT_PARAMETERS\"}]\n", output.text());
  }

  // --- system.* and faults over the Apache client ---------------------------------------------

  @Test
  void introspectionCoversBothNamespaces() throws Exception {
    RealSupervisord supervisord = supervisord();
    SupervisorClient direct = supervisord.client();
    SupervisorClient node = client(node(direct));

    List<Object> names = List.of((Object[]) get(node.call("system.listMethods", List.of())));
    TreeSet<Object> expected = new TreeSet<>(List.of((Object[]) get(
        direct.call("system.listMethods", List.of()))));
    expected.add("supvisors.get_api_version");
    expected.add("supvisors.get_process_info");
    assertTrue(names.containsAll(expected), names.toString());
    assertEquals(new ArrayList<>(new TreeSet<>(names)), names, "sorted, without duplicates");
    assertTrue(names.contains("supervisor.getAllProcessInfo"), names.toString());

    for (String name : List.of("supervisor.getState", "supervisor.startProcess")) {
      assertEquals(List.of((Object[]) get(direct.call("system.methodSignature", List.of(name)))),
          List.of((Object[]) get(node.call("system.methodSignature", List.of(name)))), name);
      assertEquals(get(direct.call("system.methodHelp", List.of(name))),
          get(node.call("system.methodHelp", List.of(name))), name);
    }
    assertEquals(List.of("list[dict[str, Any]]", "str"), List.of((Object[]) get(
        node.call("system.methodSignature", List.of("supvisors.get_process_info")))));
    SupervisorCallException unknown =
        failure(node.call("system.methodHelp", List.of("supervisor.nope")));
    assertEquals(Fault.SIGNATURE_UNSUPPORTED.code(), unknown.faultCode());
  }

  @Test
  void faultsOfSupervisordPassThroughUnchanged() throws Exception {
    RealSupervisord supervisord = supervisord();
    SupervisorClient direct = supervisord.client();
    SupervisorClient node = client(node(direct));
    List<List<Object>> calls = List.of(
        List.of("supervisor.startProcess", List.of("nope")),
        List.of("supervisor.stopProcess", List.of("prog")),
        List.of("supervisor.getProcessInfo", List.of()),
        List.of("supervisor.signalProcess", List.of("other", "NOSIG")),
        List.of("supervisor.nope", List.of()));
    for (List<Object> call : calls) {
      @SuppressWarnings("unchecked")
      List<Object> params = (List<Object>) call.get(1);
      String method = (String) call.get(0);
      SupervisorCallException expected = failure(direct.call(method, params));
      SupervisorCallException actual = failure(node.call(method, params));
      assertEquals(expected.faultCode(), actual.faultCode(), method);
      assertEquals(expected.faultString(), actual.faultString(), method);
    }
  }

  @Test
  void unreachableSupervisordLeavesOurMethodsOnly() throws Exception {
    SupervisorClient nowhere = client("http://127.0.0.1:" + closedPort());
    SupervisorClient node = client(node(nowhere));
    List<String> ours = SupvisorsMethods.of(new VersionOnlyService()).stream()
        .map(method -> method.name()).toList();
    List<Object> names = List.of((Object[]) get(node.call("system.listMethods", List.of())));
    assertTrue(names.containsAll(ours), names.toString());
    assertTrue(names.stream().allMatch(name -> name.toString().startsWith("supvisors.")
        || name.toString().startsWith("system.")), names.toString());

    SupervisorCallException failed = failure(node.call("supervisor.getState", List.of()));
    assertEquals(Fault.FAILED.code(), failed.faultCode());
    assertTrue(failed.faultString().startsWith("FAILED: local supervisord: "),
        failed.faultString());
  }

  // --- fault texts ----------------------------------------------------------------------------

  @Test
  void faultTextLosesOnlyItsNamePrefix() {
    assertEquals("nope", LocalSupervisorProxy.detail(10, "BAD_NAME: nope"));
    assertEquals("a: b", LocalSupervisorProxy.detail(30, "FAILED: a: b"));
    assertNull(LocalSupervisorProxy.detail(2, "INCORRECT_PARAMETERS"));
    // A code this node cannot name keeps supervisord's whole text.
    assertEquals("CUSTOM: x", LocalSupervisorProxy.detail(999, "CUSTOM: x"));
    SupvisorsException fault = (SupvisorsException) LocalSupervisorProxy.asFault(
        new SupervisorCallException("supervisor.startProcess", 10, "BAD_NAME: nope", null));
    assertEquals("BAD_NAME: nope", fault.fault().faultString());
    IllegalStateException other = new IllegalStateException("boom");
    assertEquals(other, LocalSupervisorProxy.asFault(other));
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static boolean onPath(String command) {
    String path = System.getenv("PATH");
    return path != null && Pattern.compile(Pattern.quote(File.pathSeparator)).splitAsStream(path)
        .anyMatch(entry -> Path.of(entry, command).toFile().canExecute());
  }

  /** The node side of these tests: only the API version, which needs no cluster. */
  private static final class VersionOnlyService implements SupvisorsService {

    @Override
    public String apiVersion() {
      return NodeService.API_VERSION;
    }

    private static <T> CompletionStage<T> none() {
      return CompletableFuture.failedFuture(new SupvisorsException(Fault.FAILED, "not in test"));
    }

    @Override public CompletionStage<SupvisorsStatus> supvisorsState() { return none(); }
    @Override public CompletionStage<String> masterIdentifier() { return none(); }
    @Override public CompletionStage<Strategies> strategies() { return none(); }
    @Override public CompletionStage<List<InstanceInfo>> allInstancesInfo() { return none(); }
    @Override public CompletionStage<InstanceInfo> instanceInfo(String id) { return none(); }
    @Override public CompletionStage<Boolean> endSync(String master) { return none(); }
    @Override public CompletionStage<Boolean> changeLogLevel(LogLevel level) { return none(); }
    @Override public CompletionStage<List<ApplicationInfo>> allApplicationsInfo() { return none(); }
    @Override public CompletionStage<ApplicationInfo> applicationInfo(String name) { return none(); }
    @Override public CompletionStage<WireStruct> applicationRules(String name) { return none(); }
    @Override public CompletionStage<List<ProcessInfo>> allProcessInfo() { return none(); }
    @Override public CompletionStage<List<ProcessInfo>> processInfo(String ns) { return none(); }
    @Override public CompletionStage<List<WireStruct>> processRules(String ns) { return none(); }
    @Override public CompletionStage<List<ProcessInfo>> conflicts() { return none(); }
    @Override public CompletionStage<List<LocalProcessInfo>> allLocalProcessInfo() { return none(); }
    @Override public CompletionStage<LocalProcessInfo> localProcessInfo(String ns) { return none(); }
    @Override public CompletionStage<Void> guard(StateGuard guard) { return none(); }
    @Override public CompletionStage<Boolean> startApplication(StartingStrategy s, String name, boolean w) { return none(); }
    @Override public CompletionStage<Boolean> stopApplication(String name, boolean w) { return none(); }
    @Override public CompletionStage<Boolean> restartApplication(StartingStrategy s, String name, boolean w) { return none(); }
    @Override public CompletionStage<Boolean> startArgs(String ns, String args, boolean w) { return none(); }
    @Override public CompletionStage<Boolean> startProcess(StartingStrategy s, String ns, String args, boolean w) { return none(); }
    @Override public CompletionStage<String> startAnyProcess(StartingStrategy s, String regex, String args, boolean w) { return none(); }
    @Override public CompletionStage<Boolean> stopProcess(String ns, boolean w) { return none(); }
    @Override public CompletionStage<Boolean> restartProcess(StartingStrategy s, String ns, String args, boolean w) { return none(); }
    @Override public CompletionStage<Boolean> restartSequence(boolean w) { return none(); }
    @Override public CompletionStage<Boolean> restart() { return none(); }
    @Override public CompletionStage<Boolean> shutdown() { return none(); }
    @Override public CompletionStage<Boolean> conciliate(ConciliationStrategy s) { return none(); }
    @Override public CompletionStage<Boolean> enable(String program, boolean w) { return none(); }
    @Override public CompletionStage<Boolean> disable(String program, boolean w) { return none(); }
  }
}
