package org.supvisors.node.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.pattern.StatusReply;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.supvisors.node.context.Context;
import org.supvisors.node.fsm.SupvisorsFsm;
import org.supvisors.node.fsm.SyncConditions;
import org.supvisors.node.fsm.Views;
import org.supvisors.node.instance.Instances;
import java.util.Map;
import org.supvisors.node.master.commander.Model;
import org.supvisors.node.testkit.TestKitExtension;
import org.supvisors.protocol.ConciliationStrategy;
import org.supvisors.protocol.StartingStrategy;
import org.supvisors.rules.InstanceDirectory;
import org.supvisors.rules.Rules;
import org.supvisors.rules.RulesLoader;
import org.supvisors.protocol.InstanceState;
import org.supvisors.protocol.SupvisorsState;
import org.supvisors.protocol.SynchroOption;

class MasterActorTest {

  /** The commander's journal lives in memory here. */
  @RegisterExtension
  static final TestKitExtension testKit = new TestKitExtension(com.typesafe.config.ConfigFactory.parseString(
      "akka.persistence.journal.plugin = \"akka.persistence.journal.inmem\"\n"
          + "akka.persistence.snapshot-store.plugin = \"akka.persistence.snapshot-store.local\"\n"
          + "akka.persistence.snapshot-store.local.dir = \"target/master-test-snapshots\""));

  private static final Rules RULES = Rules.resolve(RulesLoader.fromString("rules.xml", "<root/>"),
      InstanceDirectory.of("a", "b", "c"), StartingStrategy.CONFIG);

  private static int incarnation;

  private static final InstanceState R = InstanceState.RUNNING;
  private static final InstanceState U = InstanceState.UNKNOWN;

  private final TestProbe<Instances.Command> instances = testKit.kit().createTestProbe();
  private final TestProbe<SupvisorsFsm.Command> fsm = testKit.kit().createTestProbe();
  private final TestProbe<Context.Command> processes = testKit.kit().createTestProbe();
  private ActorRef<Context.Conflicts> conflicts;

  /** Starts a Master on instance "a" of a, b, c with core a, b; returns its view subscriber. */
  private ActorRef<Instances.View> start(Duration timeout, SynchroOption... options) {
    SyncConditions conditions =
        new SyncConditions(List.of(options), List.of("a", "b", "c"), List.of("a", "b"), timeout);
    ActorRef<MasterActor.Command> master =
        testKit.kit().spawn(MasterActor.create("a", instances.getRef(), processes.getRef(), fsm.getRef(), conditions,
            new MasterActor.Commanding(() -> new Model("a", RULES, Map.of(), Duration.ofSeconds(5)),
                ConciliationStrategy.USER, Duration.ofMinutes(1), "master-test-" + (++incarnation))));
    this.master = master;
    expectDeclared(SupvisorsState.INITIALIZATION);
    conflicts = processes.expectMessageClass(Context.SubscribeConflicts.class).subscriber();
    return instances.expectMessageClass(Instances.Subscribe.class).subscriber();
  }

  private ActorRef<MasterActor.Command> master;

  private void expectDeclared(SupvisorsState state) {
    assertEquals(state, fsm.expectMessageClass(SupvisorsFsm.MasterDeclared.class).state());
  }

  private void expectOperation() {
    expectDeclared(SupvisorsState.DEPLOYMENT);
    expectDeclared(SupvisorsState.OPERATION);
  }

  @Test
  void strictEndsWhenEveryDeclaredInstanceRuns() {
    ActorRef<Instances.View> views = start(Duration.ofMinutes(1), SynchroOption.STRICT);
    views.tell(Views.of().with("a", R).with("b", R).with("c", U).build());
    fsm.expectNoMessage(Duration.ofMillis(200));
    views.tell(Views.of().with("a", R).with("b", R).with("c", R).build());
    expectOperation();
  }

  @Test
  void nothingEndsWhileTheMasterInstanceIsNotRunning() {
    ActorRef<Instances.View> views = start(Duration.ofMillis(100), SynchroOption.TIMEOUT, SynchroOption.STRICT);
    views.tell(Views.of().with("a", InstanceState.CHECKED).with("b", R).with("c", R).build());
    fsm.expectNoMessage(Duration.ofMillis(300));
    views.tell(Views.of().with("a", R).with("b", R).with("c", R).build());
    expectOperation();
  }

  @Test
  void timeoutEndsAfterTheDelayWithoutTheMissingInstances() {
    ActorRef<Instances.View> views = start(Duration.ofMillis(400), SynchroOption.TIMEOUT);
    views.tell(Views.of().with("a", R).with("b", U).with("c", U).build());
    fsm.expectNoMessage(Duration.ofMillis(200));
    expectOperation();
  }

  @Test
  void coreEndsWhenTheCoreInstancesRun() {
    ActorRef<Instances.View> views = start(Duration.ofMinutes(1), SynchroOption.CORE);
    views.tell(Views.of().with("a", R).with("b", U).with("c", R).build());
    fsm.expectNoMessage(Duration.ofMillis(200));
    views.tell(Views.of().with("a", R).with("b", R).with("c", U).build());
    expectOperation();
  }

  @Test
  void listEndsWhenEveryKnownInstanceRuns() {
    ActorRef<Instances.View> views = start(Duration.ofMinutes(1), SynchroOption.LIST);
    views.tell(Views.of().with("a", R).with("b", R).with("c", InstanceState.SILENT).build());
    fsm.expectNoMessage(Duration.ofMillis(200));
    views.tell(Views.of().with("a", R).with("b", R).with("c", R).build());
    expectOperation();
  }

  @Test
  void userEndsOnEndSyncOnly() {
    ActorRef<Instances.View> views = start(Duration.ofMinutes(1), SynchroOption.USER);
    views.tell(Views.of().with("a", R).with("b", R).with("c", R).build());
    fsm.expectNoMessage(Duration.ofMillis(200));
    TestProbe<StatusReply<Boolean>> reply = testKit.kit().createTestProbe();
    master.tell(new MasterActor.EndSync("x", reply.getRef()));
    assertTrue(reply.receiveMessage().getError().getMessage().startsWith("BAD_NAME: unknown Supvisors identifier: x"));
    master.tell(new MasterActor.EndSync("b", reply.getRef()));
    assertTrue(reply.receiveMessage().getError().getMessage().startsWith("INCORRECT_PARAMETERS"));
    master.tell(new MasterActor.EndSync("", reply.getRef()));
    assertEquals(true, reply.receiveMessage().getValue());
    expectOperation();
    master.tell(new MasterActor.EndSync("", reply.getRef()));
    assertEquals(
        "BAD_SUPVISORS_STATE: Supvisors (state=OPERATION) not in state ['INITIALIZATION'] to perform request",
        reply.receiveMessage().getError().getMessage());
  }

  @Test
  void endSyncNamingAnInstanceThatIsNotRunningIsRefused() {
    ActorRef<Instances.View> views = start(Duration.ofMinutes(1), SynchroOption.USER);
    views.tell(Views.of().with("a", R).with("b", R).with("c", InstanceState.SILENT).build());
    TestProbe<StatusReply<Boolean>> reply = testKit.kit().createTestProbe();
    master.tell(new MasterActor.EndSync("c", reply.getRef()));
    assertEquals("NOT_RUNNING: Supvisors instance=c is not RUNNING (SILENT)", reply.receiveMessage().getError().getMessage());
    master.tell(new MasterActor.EndSync("a", reply.getRef()));
    assertEquals(true, reply.receiveMessage().getValue());
    expectOperation();
  }

  @Test
  void losingItsOwnInstanceSendsTheMasterBackToInitialization() {
    ActorRef<Instances.View> views = start(Duration.ofMinutes(1), SynchroOption.STRICT);
    views.tell(Views.of().with("a", R).with("b", R).with("c", R).build());
    expectOperation();
    views.tell(Views.of().with("a", InstanceState.SILENT).with("b", R).with("c", R).build());
    expectDeclared(SupvisorsState.INITIALIZATION);
  }

  @Test
  void aConflictInOperationLeadsToConciliationUntilItIsGone() {
    ActorRef<Instances.View> views = start(Duration.ofMinutes(1), SynchroOption.STRICT);
    views.tell(Views.of().with("a", R).with("b", R).with("c", R).build());
    expectOperation();
    conflicts.tell(new Context.Conflicts(List.of("app:p")));
    expectDeclared(SupvisorsState.CONCILIATION);
    conflicts.tell(new Context.Conflicts(List.of()));
    expectDeclared(SupvisorsState.OPERATION);
  }

  @Test
  void conflictsPresentAtTheEndOfTheSynchronizationLeadToConciliation() {
    ActorRef<Instances.View> views = start(Duration.ofMinutes(1), SynchroOption.STRICT);
    conflicts.tell(new Context.Conflicts(List.of("app:p")));
    views.tell(Views.of().with("a", R).with("b", R).with("c", R).build());
    expectDeclared(SupvisorsState.DEPLOYMENT);
    // As in Supvisors, OPERATION is entered, then left at its first evaluation.
    expectDeclared(SupvisorsState.OPERATION);
    expectDeclared(SupvisorsState.CONCILIATION);
  }
}
