package org.supvisors.node.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.pattern.StatusReply;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.supvisors.http.SupvisorsService.StateGuard;
import org.supvisors.node.config.InstanceAddress;
import org.supvisors.node.config.NodeSettings;
import org.supvisors.node.context.Context;
import org.supvisors.node.fsm.FaultReplies;
import org.supvisors.node.fsm.SupvisorsFsm;
import org.supvisors.node.instance.Instances;
import org.supvisors.node.local.LocalCommands;
import org.supvisors.node.master.Control;
import org.supvisors.node.master.MasterActor;
import org.supvisors.node.testkit.TestKitExtension;
import org.supvisors.protocol.ConciliationStrategy;
import org.supvisors.protocol.Fault;
import org.supvisors.protocol.StartingStrategy;
import org.supvisors.protocol.SupvisorsException;
import org.supvisors.protocol.SupvisorsFault;
import org.supvisors.protocol.SupvisorsState;
import org.supvisors.protocol.SupvisorsStatus;

/**
 * The control part of {@link NodeService}: the local state guard of each method, the request each
 * one sends to the Master or to the local commands actor, and replies turned into values or
 * faults. The local state machine is a stub answering a fixed state; the Master (which gets each
 * request wrapped with the instance it came from) and the local commands actor are probes.
 */
class NodeServiceTest {

  @RegisterExtension static final TestKitExtension testKit = new TestKitExtension();

  private static final StartingStrategy LESS = StartingStrategy.LESS_LOADED;

  private final TestProbe<MasterActor.Command> master = testKit.kit().createTestProbe();
  private final TestProbe<LocalCommands.Command> local = testKit.kit().createTestProbe();
  private final TestProbe<Instances.Command> instances = testKit.kit().createTestProbe();
  private final TestProbe<Context.Command> context = testKit.kit().createTestProbe();

  private static final InstanceAddress SV1 =
      new InstanceAddress("sv1", "localhost", 60000, 60001, 60003, "127.0.0.1");

  /** The control methods only read the local identifier among the settings. */
  private static final NodeSettings SETTINGS = new NodeSettings(null, null, List.of(SV1), SV1,
      SV1.nodeHttpPort(), SV1.ipAddress(), Duration.ofSeconds(5), null, null, null);

  /** A node whose local Supvisors state is {@code state}. */
  private NodeService node(SupvisorsState state) {
    ActorRef<SupvisorsFsm.Command> fsm = testKit.kit().spawn(fsmIn(state));
    return new NodeService(testKit.kit().system(), SETTINGS, instances.getRef(), fsm,
        context.getRef(), master.getRef(), local.getRef());
  }

  /** The next request the Master gets, which must come from this instance and be a {@code type}. */
  private <M extends Control> M routed(Class<M> type) {
    MasterActor.Routed routed = master.expectMessageClass(MasterActor.Routed.class);
    assertEquals("sv1", routed.origin());
    return assertInstanceOf(type, routed.control());
  }

  private static Behavior<SupvisorsFsm.Command> fsmIn(SupvisorsState state) {
    SupvisorsStatus status = new SupvisorsStatus(state, false, "sv1", List.of(), List.of());
    return Behaviors.receive(SupvisorsFsm.Command.class)
        .onMessage(SupvisorsFsm.GetStatus.class, get -> {
          get.replyTo().tell(status);
          return Behaviors.same();
        })
        .build();
  }

  private static <T> T value(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static SupvisorsFault fault(CompletionStage<?> stage) {
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> stage.toCompletableFuture().get(5, TimeUnit.SECONDS));
    return assertInstanceOf(SupvisorsException.class, e.getCause()).fault();
  }

  private static String badState(SupvisorsState state, String allowed) {
    return "BAD_SUPVISORS_STATE: Supvisors (state=" + state + ") not in state " + allowed
        + " to perform request";
  }

  // --- guards ---------------------------------------------------------------------------------

  @Test
  void guardChecksTheLocalState() throws Exception {
    NodeService node = node(SupvisorsState.CONCILIATION);
    value(node.guard(StateGuard.CONCILIATION));
    value(node.guard(StateGuard.OPERATING_CONCILIATION));
    value(node.guard(StateGuard.FROM_DEPLOYMENT));
    SupvisorsFault refused = fault(node.guard(StateGuard.OPERATING));
    assertEquals(Fault.BAD_SUPVISORS_STATE.code(), refused.code());
    assertEquals(badState(SupvisorsState.CONCILIATION, "['OPERATION']"), refused.faultString());
  }

  @Test
  void controlsOutOfTheirStatesAreRefusedWithoutForwarding() {
    String operating = "['OPERATION']";
    String stops = "['OPERATION', 'CONCILIATION']";
    String fromDeployment =
        "['DEPLOYMENT', 'OPERATION', 'CONCILIATION', 'RESTARTING', 'SHUTTING_DOWN']";
    NodeService conciliation = node(SupvisorsState.CONCILIATION);
    Map<String, Supplier<CompletionStage<?>>> operatingOnly = Map.of(
        "start_application", () -> conciliation.startApplication(LESS, "app", true),
        "restart_application", () -> conciliation.restartApplication(LESS, "app", true),
        "start_process", () -> conciliation.startProcess(LESS, "app:p1", "", true),
        "start_any_process", () -> conciliation.startAnyProcess(LESS, "p", "", true),
        "restart_process", () -> conciliation.restartProcess(LESS, "app:p1", "", true),
        "restart_sequence", () -> conciliation.restartSequence(true),
        "enable", () -> conciliation.enable("wk", true),
        "disable", () -> conciliation.disable("wk", true));
    operatingOnly.forEach((method, call) -> assertEquals(
        badState(SupvisorsState.CONCILIATION, operating), fault(call.get()).faultString(), method));
    NodeService operation = node(SupvisorsState.OPERATION);
    assertEquals(badState(SupvisorsState.OPERATION, "['CONCILIATION']"),
        fault(operation.conciliate(ConciliationStrategy.SENICIDE)).faultString());
    NodeService initialization = node(SupvisorsState.INITIALIZATION);
    assertEquals(badState(SupvisorsState.INITIALIZATION, stops),
        fault(initialization.stopApplication("app", true)).faultString());
    assertEquals(badState(SupvisorsState.INITIALIZATION, stops),
        fault(initialization.stopProcess("app:p1", true)).faultString());
    NodeService terminal = node(SupvisorsState.FINAL);
    assertEquals(badState(SupvisorsState.FINAL, fromDeployment),
        fault(terminal.restart()).faultString());
    assertEquals(badState(SupvisorsState.FINAL, fromDeployment),
        fault(terminal.shutdown()).faultString());
    master.expectNoMessage(Duration.ofMillis(100));
    local.expectNoMessage(Duration.ZERO);
  }

  // --- forwarding to the Master ---------------------------------------------------------------

  @Test
  void applicationControlsGoToTheMaster() throws Exception {
    NodeService node = node(SupvisorsState.OPERATION);
    CompletionStage<Boolean> started = node.startApplication(LESS, "app", false);
    Control.StartApplication start = routed(Control.StartApplication.class);
    start.replyTo().tell(StatusReply.success(false));
    assertEquals(List.of(LESS, "app", false),
        List.of(start.strategy(), start.applicationName(), start.await()));
    assertEquals(false, value(started));

    CompletionStage<Boolean> stopped = node.stopApplication("app", true);
    Control.StopApplication stop = routed(Control.StopApplication.class);
    stop.replyTo().tell(StatusReply.success(true));
    assertEquals(List.of("app", true), List.of(stop.applicationName(), stop.await()));
    assertEquals(true, value(stopped));

    CompletionStage<Boolean> restarted = node.restartApplication(StartingStrategy.CONFIG, "app", true);
    Control.RestartApplication restart = routed(Control.RestartApplication.class);
    restart.replyTo().tell(StatusReply.success(true));
    assertEquals(List.of(StartingStrategy.CONFIG, "app", true),
        List.of(restart.strategy(), restart.applicationName(), restart.await()));
    assertEquals(true, value(restarted));
  }

  @Test
  void processControlsGoToTheMaster() throws Exception {
    NodeService node = node(SupvisorsState.OPERATION);
    CompletionStage<Boolean> started = node.startProcess(LESS, "app:p1", "-v", true);
    Control.StartProcess start = routed(Control.StartProcess.class);
    start.replyTo().tell(StatusReply.success(true));
    assertEquals(List.of(LESS, "app:p1", "-v", true),
        List.of(start.strategy(), start.namespec(), start.extraArgs(), start.await()));
    assertEquals(true, value(started));

    CompletionStage<String> chosen = node.startAnyProcess(StartingStrategy.LOCAL, "p[12]", "", false);
    Control.StartAnyProcess any = routed(Control.StartAnyProcess.class);
    any.replyTo().tell(StatusReply.success("app:p2"));
    assertEquals(List.of(StartingStrategy.LOCAL, "p[12]", "", false),
        List.of(any.strategy(), any.regex(), any.extraArgs(), any.await()));
    assertEquals("app:p2", value(chosen));

    CompletionStage<Boolean> stopped = node.stopProcess("app:*", false);
    Control.StopProcess stop = routed(Control.StopProcess.class);
    stop.replyTo().tell(StatusReply.success(true));
    assertEquals(List.of("app:*", false), List.of(stop.namespec(), stop.await()));
    assertEquals(true, value(stopped));

    CompletionStage<Boolean> restarted = node.restartProcess(LESS, "app:p2", "-q", true);
    Control.RestartProcess restart = routed(Control.RestartProcess.class);
    restart.replyTo().tell(StatusReply.success(true));
    assertEquals(List.of(LESS, "app:p2", "-q", true),
        List.of(restart.strategy(), restart.namespec(), restart.extraArgs(), restart.await()));
    assertEquals(true, value(restarted));
  }

  @Test
  void supvisorsControlsGoToTheMaster() throws Exception {
    NodeService operation = node(SupvisorsState.OPERATION);
    CompletionStage<Boolean> sequence = operation.restartSequence(false);
    Control.RestartSequence redeploy = routed(Control.RestartSequence.class);
    redeploy.replyTo().tell(StatusReply.success(true));
    assertEquals(false, redeploy.await());
    assertEquals(true, value(sequence));

    // restart and shutdown are allowed while closing too.
    NodeService restarting = node(SupvisorsState.RESTARTING);
    CompletionStage<Boolean> restarted = restarting.restart();
    Control.Terminate restart = routed(Control.Terminate.class);
    restart.replyTo().tell(StatusReply.success(true));
    assertEquals(true, restart.restart());
    assertEquals(true, value(restarted));
    CompletionStage<Boolean> shut = restarting.shutdown();
    Control.Terminate shutdown = routed(Control.Terminate.class);
    shutdown.replyTo().tell(StatusReply.success(true));
    assertEquals(false, shutdown.restart());
    assertEquals(true, value(shut));

    NodeService conciliation = node(SupvisorsState.CONCILIATION);
    CompletionStage<Boolean> conciliated = conciliation.conciliate(ConciliationStrategy.USER);
    Control.Conciliate conciliate = routed(Control.Conciliate.class);
    conciliate.replyTo().tell(StatusReply.success(false));
    assertEquals(ConciliationStrategy.USER, conciliate.strategy());
    assertEquals(false, value(conciliated));
    local.expectNoMessage(Duration.ZERO);
  }

  // --- forwarding to the local commands -------------------------------------------------------

  @Test
  void localControlsGoToTheLocalCommands() throws Exception {
    // start_args has no guard: the Master uses it during DEPLOYMENT.
    NodeService deployment = node(SupvisorsState.DEPLOYMENT);
    CompletionStage<Boolean> started = deployment.startArgs("app:p1", "-x 1", false);
    LocalCommands.StartArgs args = local.expectMessageClass(LocalCommands.StartArgs.class);
    args.replyTo().tell(StatusReply.success(true));
    assertEquals(List.of("app:p1", "-x 1", false),
        List.of(args.namespec(), args.extraArgs(), args.withWait()));
    assertEquals(true, value(started));

    NodeService operation = node(SupvisorsState.OPERATION);
    CompletionStage<Boolean> enabled = operation.enable("wk", true);
    LocalCommands.Enable enable = local.expectMessageClass(LocalCommands.Enable.class);
    enable.replyTo().tell(StatusReply.success(true));
    assertEquals(List.of("wk", true), List.of(enable.programName(), enable.withWait()));
    assertEquals(true, value(enabled));

    CompletionStage<Boolean> disabled = operation.disable("wk", false);
    LocalCommands.Disable disable = local.expectMessageClass(LocalCommands.Disable.class);
    disable.replyTo().tell(StatusReply.success(true));
    assertEquals(List.of("wk", false), List.of(disable.programName(), disable.withWait()));
    assertEquals(true, value(disabled));
    master.expectNoMessage(Duration.ZERO);
  }

  // --- error replies --------------------------------------------------------------------------

  @Test
  void errorRepliesBecomeTheirFaults() {
    NodeService node = node(SupvisorsState.OPERATION);
    CompletionStage<Boolean> started = node.startApplication(LESS, "nope", true);
    routed(Control.StartApplication.class).replyTo()
        .tell(FaultReplies.error(Fault.BAD_NAME, "nope"));
    assertEquals(new SupvisorsFault(Fault.BAD_NAME, "nope"), fault(started));

    CompletionStage<String> any = node.startAnyProcess(LESS, "x", "", true);
    routed(Control.StartAnyProcess.class).replyTo()
        .tell(FaultReplies.error(Fault.BAD_NAME, "no candidate process matching \"x\""));
    assertEquals("BAD_NAME: no candidate process matching \"x\"", fault(any).faultString());

    CompletionStage<Boolean> stopped = node.stopProcess("app:*", true);
    routed(Control.StopProcess.class).replyTo()
        .tell(FaultReplies.error(Fault.ABNORMAL_TERMINATION, "app:p1 app:p2"));
    assertEquals(new SupvisorsFault(Fault.ABNORMAL_TERMINATION, "app:p1 app:p2"), fault(stopped));

    CompletionStage<Boolean> disabled = node.disable("wk", true);
    local.expectMessageClass(LocalCommands.Disable.class).replyTo()
        .tell(FaultReplies.error(Fault.BAD_NAME, "program wk unknown to Supvisors"));
    assertEquals("BAD_NAME: program wk unknown to Supvisors", fault(disabled).faultString());

    CompletionStage<Boolean> spawned = node.startArgs("app:p1", "", true);
    local.expectMessageClass(LocalCommands.StartArgs.class).replyTo()
        .tell(FaultReplies.error(Fault.SPAWN_ERROR, "app:p1"));
    assertEquals(new SupvisorsFault(Fault.SPAWN_ERROR, "app:p1"), fault(spawned));
  }
}
