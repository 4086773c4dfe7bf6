package org.supvisors.node.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.pattern.StatusReply;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.supvisors.node.instance.Instances;
import org.supvisors.node.supervisor.DriverSettings;
import org.supvisors.node.supervisor.LocalProcessEvent;
import org.supvisors.node.supervisor.SupervisorClient;
import org.supvisors.node.supervisor.SupervisorDriver;
import org.supvisors.node.supervisor.XmlRpcSupervisorClient;
import org.supvisors.node.testkit.RealSupervisord;
import org.supvisors.node.testkit.TestKitExtension;
import org.supvisors.protocol.LocalProcessInfo;
import org.supvisors.protocol.ProcessState;

/** The local commands against a real supervisord whose program {@code echoer} goes through the launcher. */
class LocalCommandsTest {

  @RegisterExtension static final TestKitExtension testKit = new TestKitExtension();

  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;
  private Path out;
  private Path disabilitiesFile;
  private RealSupervisord supervisord;
  private final ExecutorService blocking = Executors.newFixedThreadPool(2);
  private final ExecutorService waitingPool = Executors.newFixedThreadPool(2);
  private ExtraArgs extraArgs;
  private LauncherFiles files;
  private Disabilities disabilities;
  private TestProbe<LocalProcessEvent> events;
  private ActorRef<SupervisorDriver.Command> driver;
  private ActorRef<LocalCommands.Command> commands;

  @BeforeEach
  void start() throws Exception {
    out = dir.resolve("args.txt");
    disabilitiesFile = dir.resolve("state/disabilities.json");
    Files.createDirectories(disabilitiesFile.getParent());
    Path base = dir.resolve("launch");
    // The program writes each argument it gets as [arg], one a line.
    String programs = String.join("\n",
        "[program:echoer]",
        "command=" + LauncherFilesTest.LAUNCHER + " sh -c 'for a in \"$@\"; do echo \"[$a]\"; done > " + out
            + "; exec sleep 1000' echoer",
        "autostart=false",
        "startsecs=0",
        "stopwaitsecs=3",
        "environment=SUPVISORS_EXTRA_ARGS_DIR=\"" + base + "\"",
        "[program:wk]",
        "command=sleep 100%(process_num)d",
        "process_name=%(program_name)s_%(process_num)d",
        "numprocs=2",
        "startsecs=0",
        "");
    supervisord = RealSupervisord.start(dir, programs);
    files = new LauncherFiles(base);
    extraArgs = new ExtraArgs(files);
    disabilities = Disabilities.load(Optional.of(disabilitiesFile));
    events = testKit.kit().createTestProbe(LocalProcessEvent.class);
    TestProbe<Instances.Command> instances = testKit.kit().createTestProbe(Instances.Command.class);
    driver = testKit.kit().spawn(SupervisorDriver.create(supervisord.client(), instances.getRef(), events.getRef(),
        new DriverSettings("node1", supervisord.url(), Duration.ofMillis(200), Duration.ofMillis(200),
            Duration.ofSeconds(30), false, ""),
        extraArgs::of, disabilities::isDisabled));
    SupervisorClient waitingClient = new XmlRpcSupervisorClient(supervisord.url(), null, null, 60_000, waitingPool);
    // wk:wk_1 stands for the node's own process: never stopped from here.
    commands = testKit.kit().spawn(LocalCommands.create("node1", "wk:wk_1", supervisord.client(), waitingClient,
        extraArgs, disabilities, driver, blocking));
  }

  @AfterEach
  void stop() {
    try {
      if (commands != null) {
        testKit.kit().stop(commands);
      }
      if (driver != null) {
        testKit.kit().stop(driver);
      }
    } finally {
      supervisord.close();
      blocking.shutdownNow();
      waitingPool.shutdownNow();
    }
  }

  private StatusReply<Boolean> ask(Function<ActorRef<StatusReply<Boolean>>, LocalCommands.Command> request) {
    TestProbe<StatusReply<Boolean>> probe = testKit.kit().createTestProbe();
    commands.tell(request.apply(probe.getRef()));
    return probe.receiveMessage(WAIT);
  }

  private static void assertSuccess(StatusReply<Boolean> reply) {
    assertTrue(reply.isSuccess(), () -> "expected success, got " + reply.getError().getMessage());
    assertEquals(true, reply.getValue());
  }

  private static void assertFault(String expected, StatusReply<Boolean> reply) {
    assertTrue(reply.isError(), () -> "expected " + expected + ", got " + reply);
    assertEquals(expected, reply.getError().getMessage());
  }

  interface Check {
    boolean ok() throws Exception;
  }

  private static void waitFor(String what, Check check) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (check.ok()) {
        return;
      }
      Thread.sleep(50);
    }
    fail("not reached within " + WAIT + ": " + what);
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  private ProcessState stateOf(String namespec) throws Exception {
    return ProcessState.valueOf((String) await(supervisord.client().getProcessInfo(namespec)).get("statename"));
  }

  private String output() throws Exception {
    return Files.exists(out) ? Files.readString(out) : null;
  }

  /** The next Updated event of a process that satisfies the condition. */
  private LocalProcessInfo updated(String namespec, Predicate<LocalProcessInfo> wanted) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (events.receiveMessage(WAIT) instanceof LocalProcessEvent.Updated u
          && u.info().namespec().equals(namespec) && wanted.test(u.info())) {
        return u.info();
      }
    }
    throw new AssertionError("no such update of " + namespec);
  }

  @Test
  void extraArgsReachTheProgramUntilAStartWithoutThem() throws Exception {
    assertSuccess(ask(r -> new LocalCommands.StartProcess("echoer", "-x 'a b'", r)));
    waitFor("the program wrote its arguments", () -> "[-x]\n[a b]\n".equals(output()));
    assertEquals("-x 'a b'", extraArgs.of("echoer"));
    assertEquals("-x 'a b'", updated("echoer", i -> i.state() == ProcessState.RUNNING).extraArgs());

    assertSuccess(ask(r -> new LocalCommands.StopProcess("echoer", r)));
    waitFor("echoer stopped", () -> stateOf("echoer") == ProcessState.STOPPED);
    Files.delete(out);
    assertSuccess(ask(r -> new LocalCommands.StartProcess("echoer", "", r)));
    waitFor("the program ran without arguments",
        () -> "".equals(output()) && stateOf("echoer") == ProcessState.RUNNING);
    assertEquals("", extraArgs.of("echoer"));
    assertEquals("", updated("echoer", i -> i.state() == ProcessState.RUNNING).extraArgs());
    long pid = await(supervisord.client().getPID());
    assertFalse(Files.exists(files.file(pid, "echoer")));
  }

  @Test
  void startArgsAnswersForTheLocalSupervisord() throws Exception {
    assertFault("BAD_NAME: namespec nope unknown to this Supervisor instance",
        ask(r -> new LocalCommands.StartArgs("nope", "", true, r)));
    assertFault("NOT_EXECUTABLE: can't parse extra_args ''a': No closing quotation",
        ask(r -> new LocalCommands.StartArgs("echoer", "'a", true, r)));
    // With wait, supervisord answers once the process is RUNNING.
    assertSuccess(ask(r -> new LocalCommands.StartArgs("echoer:echoer", "-v", true, r)));
    assertEquals(ProcessState.RUNNING, stateOf("echoer"));
    waitFor("the program wrote its arguments", () -> "[-v]\n".equals(output()));
    // supervisord's own faults come back as they are.
    assertFault("ALREADY_STARTED: echoer", ask(r -> new LocalCommands.StartProcess("echoer", "", r)));
  }

  @Test
  void disableStopsPersistsAndRefusesStartsUntilEnabled() throws Exception {
    // At start every program is written in the file, enabled, as Supvisors does.
    waitFor("programs registered", () -> Files.exists(disabilitiesFile)
        && Map.of("echoer", false, "wk", false).equals(json()));
    waitFor("wk running",
        () -> stateOf("wk:wk_0") == ProcessState.RUNNING && stateOf("wk:wk_1") == ProcessState.RUNNING);

    assertSuccess(ask(r -> new LocalCommands.Disable("wk", true, r)));
    assertEquals(ProcessState.STOPPED, stateOf("wk:wk_0"));
    assertEquals(ProcessState.STOPPED, stateOf("wk:wk_1"));
    assertEquals(Map.of("echoer", false, "wk", true), json());
    assertTrue(updated("wk:wk_0", LocalProcessInfo::disabled).disabled());
    assertTrue(Disabilities.load(Optional.of(disabilitiesFile)).isDisabled("wk"));
    assertFault("DISABLED: wk:wk_0", ask(r -> new LocalCommands.StartProcess("wk:wk_0", "", r)));
    assertFault("DISABLED: wk:wk_1", ask(r -> new LocalCommands.StartArgs("wk:wk_1", "", true, r)));

    assertSuccess(ask(r -> new LocalCommands.Enable("wk", true, r)));
    assertEquals(Map.of("echoer", false, "wk", false), json());
    assertFalse(Disabilities.load(Optional.of(disabilitiesFile)).isDisabled("wk"));
    assertFalse(updated("wk:wk_1", i -> !i.disabled()).disabled());
    assertSuccess(ask(r -> new LocalCommands.StartArgs("wk:wk_0", "", true, r)));
    assertEquals(ProcessState.RUNNING, stateOf("wk:wk_0"));
  }

  @Test
  void theNodeNeverStopsItsOwnProcess() throws Exception {
    waitFor("wk processes running", () -> running("wk:wk_0") && running("wk:wk_1"));
    assertFault("FAILED: wk:wk_1 is the Supvisors node itself", ask(r -> new LocalCommands.StopProcess("wk:wk_1", r)));
    assertSuccess(ask(r -> new LocalCommands.StopProcesses(List.of("wk:wk_0", "wk:wk_1"), r)));
    assertFalse(running("wk:wk_0"));
    assertTrue(running("wk:wk_1"));
  }

  private boolean running(String namespec) {
    Map<?, ?> info = (Map<?, ?>) supervisord.client().getProcessInfo(namespec).toCompletableFuture().join();
    return "RUNNING".equals(info.get("statename"));
  }

  @Test
  void unknownProgramsAreRefused() {
    assertFault("BAD_NAME: program nope unknown to Supvisors", ask(r -> new LocalCommands.Enable("nope", true, r)));
    assertFault("BAD_NAME: program nope unknown to Supvisors", ask(r -> new LocalCommands.Disable("nope", false, r)));
  }

  @Test
  void endSupervisordShutsItDown() throws Exception {
    commands.tell(new LocalCommands.EndSupervisord(false));
    waitFor("supervisord gone", () -> {
      try {
        await(supervisord.client().getState());
        return false;
      } catch (Exception gone) {
        return true;
      }
    });
  }

  private Map<?, ?> json() throws Exception {
    return new ObjectMapper().readValue(disabilitiesFile.toFile(), Map.class);
  }
}
