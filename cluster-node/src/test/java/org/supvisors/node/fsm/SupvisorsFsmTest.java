package org.supvisors.node.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.pubsub.Topic;
import akka.pattern.StatusReply;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.supvisors.node.cluster.Topics;
import org.supvisors.node.instance.Instances;
import org.supvisors.node.master.MasterActor;
import org.supvisors.node.testkit.Published;
import org.supvisors.node.testkit.TestKitExtension;
import org.supvisors.protocol.InstanceState;
import org.supvisors.protocol.SupvisorsState;
import org.supvisors.protocol.SupvisorsStatus;
import org.supvisors.protocol.SynchroOption;

class SupvisorsFsmTest {

  @RegisterExtension static final TestKitExtension testKit = new TestKitExtension();

  private static final InstanceState R = InstanceState.RUNNING;

  private final TestProbe<Instances.Command> instances = testKit.kit().createTestProbe();
  private final TestProbe<MasterActor.Command> master = testKit.kit().createTestProbe();
  private final TestProbe<Topic.Command<Topics.StateEvent>> changes = testKit.kit().createTestProbe();
  private ActorRef<SupvisorsFsm.Command> fsm;

  /** Local node "b"; returns the subscriber the FSM gave the instances table. */
  private ActorRef<Instances.View> start(SynchroOption... options) {
    fsm = testKit.kit().spawn(SupvisorsFsm.create("b", instances.getRef(), List.of(options), false, false, changes.getRef()));
    fsm.tell(new SupvisorsFsm.UseMaster(master.getRef()));
    return instances.expectMessageClass(Instances.Subscribe.class).subscriber();
  }

  private SupvisorsStatus status() {
    TestProbe<SupvisorsStatus> probe = testKit.kit().createTestProbe();
    fsm.tell(new SupvisorsFsm.GetStatus(probe.getRef()));
    return probe.receiveMessage();
  }

  /** Waits for the FSM to declare the given state to the instances table. */
  private SupvisorsState declared(SupvisorsState expected) {
    instances.fishForMessage(Duration.ofSeconds(3), m ->
        m instanceof Instances.SetLocalModes modes && modes.modes().fsmState() == expected
            ? akka.actor.testkit.typed.javadsl.FishingOutcomes.complete()
            : akka.actor.testkit.typed.javadsl.FishingOutcomes.continueAndIgnore());
    return expected;
  }

  @Test
  void offUntilTheLocalInstanceIsChecked() {
    ActorRef<Instances.View> views = start(SynchroOption.STRICT);
    views.tell(Views.of().with("a", InstanceState.UNKNOWN).with("b", InstanceState.UNKNOWN).build());
    assertEquals(SupvisorsState.OFF, status().fsmState());
    views.tell(Views.of().with("a", InstanceState.UNKNOWN).with("b", InstanceState.CHECKING).build());
    declared(SupvisorsState.INITIALIZATION);
  }

  @Test
  void followsTheMasterDeclaredByAnotherInstance() {
    ActorRef<Instances.View> views = start(SynchroOption.STRICT);
    views.tell(Views.of().with("a", InstanceState.UNKNOWN).with("b", InstanceState.CHECKING).build());
    declared(SupvisorsState.INITIALIZATION);
    views.tell(Views.of().master("a", SupvisorsState.INITIALIZATION).with("b", R).build());
    assertEquals(SupvisorsState.INITIALIZATION, status().fsmState());
    views.tell(Views.of().master("a", SupvisorsState.OPERATION).with("b", R).build());
    declared(SupvisorsState.OPERATION);
    SupvisorsStatus status = status();
    assertEquals("a", status.masterIdentifier());
    assertEquals(SupvisorsState.OPERATION, status.fsmState());
  }

  @Test
  void eachStatusChangeIsPublishedOnce() {
    ActorRef<Instances.View> views = start(SynchroOption.STRICT);
    views.tell(Views.of().with("a", InstanceState.UNKNOWN).with("b", InstanceState.CHECKING).build());
    assertEquals(SupvisorsState.INITIALIZATION, nextStatus().fsmState());
    views.tell(Views.of().master("a", SupvisorsState.INITIALIZATION).with("b", R).build());
    views.tell(Views.of().master("a", SupvisorsState.OPERATION).with("b", R).build());
    SupvisorsStatus operation = nextStatus();
    assertEquals(SupvisorsState.OPERATION, operation.fsmState());
    assertEquals("a", operation.masterIdentifier());
    // The same status again is not published again.
    views.tell(Views.of().master("a", SupvisorsState.OPERATION).with("b", R).build());
    changes.expectNoMessage(Duration.ofMillis(200));
  }

  private SupvisorsStatus nextStatus() {
    return ((Topics.StateChanged) Published.next(changes, Duration.ofSeconds(3))).status();
  }

  @Test
  void losingTheMasterSendsTheNodeBackToInitialization() {
    ActorRef<Instances.View> views = start(SynchroOption.STRICT);
    views.tell(Views.of().master("a", SupvisorsState.OPERATION).with("b", R).build());
    declared(SupvisorsState.OPERATION);
    views.tell(Views.of().with("a", InstanceState.SILENT).with("b", R).build());
    declared(SupvisorsState.INITIALIZATION);
    instances.expectMessageClass(Instances.ResetForInitialization.class);
    assertEquals("", status().masterIdentifier());
  }

  @Test
  void theNodeHostingTheMasterTakesItsState() {
    ActorRef<Instances.View> views = start(SynchroOption.STRICT);
    views.tell(Views.of().with("a", R).with("b", R).build());
    declared(SupvisorsState.INITIALIZATION);
    fsm.tell(new SupvisorsFsm.MasterDeclared(SupvisorsState.DEPLOYMENT, false, false));
    declared(SupvisorsState.DEPLOYMENT);
    fsm.tell(new SupvisorsFsm.MasterDeclared(SupvisorsState.OPERATION, false, false));
    declared(SupvisorsState.OPERATION);
    assertEquals("b", status().masterIdentifier());
  }

  @Test
  void endSyncIsCheckedLocallyThenForwardedToTheMaster() {
    ActorRef<Instances.View> views = start(SynchroOption.USER);
    TestProbe<StatusReply<Boolean>> reply = testKit.kit().createTestProbe();
    fsm.tell(new SupvisorsFsm.EndSync("", reply.getRef()));
    assertEquals(
        "BAD_SUPVISORS_STATE: Supvisors (state=OFF) not in state ['INITIALIZATION'] to perform request",
        reply.receiveMessage().getError().getMessage());
    views.tell(Views.of().with("a", R).with("b", R).build());
    fsm.tell(new SupvisorsFsm.EndSync("zz", reply.getRef()));
    assertEquals("BAD_NAME: unknown Supvisors identifier: zz", reply.receiveMessage().getError().getMessage());
    fsm.tell(new SupvisorsFsm.EndSync("a", reply.getRef()));
    assertEquals("a", master.expectMessageClass(MasterActor.EndSync.class).master());
  }

  @Test
  void endSyncNeedsTheUserOption() {
    ActorRef<Instances.View> views = start(SynchroOption.STRICT);
    views.tell(Views.of().with("a", R).with("b", R).build());
    TestProbe<StatusReply<Boolean>> reply = testKit.kit().createTestProbe();
    fsm.tell(new SupvisorsFsm.EndSync("", reply.getRef()));
    assertEquals("INCORRECT_PARAMETERS: USER expected in synchro_options", reply.receiveMessage().getError().getMessage());
  }
}
