package org.supvisors.node.master.commander;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.supvisors.protocol.ProcessState.RUNNING;
import static org.supvisors.protocol.ProcessState.STARTING;

import akka.actor.testkit.typed.javadsl.FishingOutcomes;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import akka.cluster.typed.SelfUp;
import akka.cluster.typed.Subscribe;
import akka.pattern.StatusReply;
import akka.persistence.testkit.PersistenceTestKitPlugin;
import akka.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import akka.persistence.testkit.javadsl.PersistenceTestKit;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.supvisors.node.cluster.Members;
import org.supvisors.node.context.Context;
import org.supvisors.node.context.ProcessStatus;
import org.supvisors.node.instance.Instances;
import org.supvisors.node.local.LocalCommands;
import org.supvisors.node.master.Control;
import org.supvisors.node.testkit.Registrations;
import org.supvisors.node.testkit.TestKitExtension;
import org.supvisors.protocol.StartingStrategy;

/**
 * The commander as an event-sourced actor: a Master that goes away in the middle of a job and comes
 * back with the same journal gives the orders of the job again and goes on with it; jobs older than
 * the resume window are dropped. A one-node cluster with the identifier role, so that the orders
 * reach the local commands of instance "a" (here a stub, listed by the receptionist, that accepts them); the
 * persistence test kit's journal serializes the events as the node's Jackson binding does.
 */
class CommanderActorTest {

  @RegisterExtension
  static final TestKitExtension testKit = new TestKitExtension(ConfigFactory.parseString(
      "akka.actor.provider = cluster\n"
          + "akka.remote.artery.canonical.hostname = \"127.0.0.1\"\n"
          + "akka.remote.artery.canonical.port = 0\n"
          + "akka.cluster.roles = [\"" + Members.role("a") + "\"]\n"
          + "akka.cluster.jmx.enabled = off\n"
          + "akka.actor.serialization-bindings { \"org.supvisors.protocol.ClusterSerializable\" = jackson-cbor }\n")
      .withFallback(PersistenceTestKitPlugin.config())
      .withFallback(PersistenceTestKitSnapshotPlugin.config()));

  private static final String RULES = """
      <root>
        <application name="app">
          <start_sequence>1</start_sequence>
          <programs>
            <program name="p1"><start_sequence>1</start_sequence></program>
            <program name="p2"><start_sequence>2</start_sequence></program>
          </programs>
        </application>
      </root>""";

  private final TestProbe<LocalCommands.Command> orders = testKit.kit().createTestProbe();
  private final TestProbe<CommanderActor.Activity> activity = testKit.kit().createTestProbe();
  private final TestProbe<CommanderActor.TerminateRequested> terminate = testKit.kit().createTestProbe();
  private final TestProbe<Instances.Command> instances = testKit.kit().createTestProbe();
  private final TestProbe<Context.Command> context = testKit.kit().createTestProbe();
  private final CommanderActor.Wiring wiring =
      new CommanderActor.Wiring(activity.getRef(), terminate.getRef(), instances.getRef(), context.getRef());
  private final Fixture f = new Fixture(RULES, "a").process("app:p1", "a").process("app:p2", "a");

  @BeforeAll
  static void formOneNodeCluster() {
    Cluster cluster = Cluster.get(testKit.kit().system());
    TestProbe<SelfUp> up = testKit.kit().createTestProbe();
    cluster.subscriptions().tell(Subscribe.create(up.getRef(), SelfUp.class));
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    up.expectMessageClass(SelfUp.class, Duration.ofSeconds(20));
  }

  /** Where instance a's local-commands shows the orders of the running test. */
  private static volatile ActorRef<LocalCommands.Command> seen;

  /**
   * Instance a's local-commands, one for the whole class: an actor stopped and spawned again under
   * the same name between tests could still receive the next test's first order.
   */
  @BeforeAll
  static void serveOrders() {
    // The commanders find it through the receptionist, as on a node.
    Registrations.registerAndWait(testKit.kit(), LocalCommands.KEY, testKit.kit().spawn(accepting(), LocalCommands.NAME));
  }

  @BeforeEach
  void showOrders() {
    seen = orders.getRef();
  }

  private static Behavior<LocalCommands.Command> accepting() {
    return Behaviors.receiveMessage(command -> {
      seen.tell(command);
      if (command instanceof LocalCommands.StartProcess start) {
        start.replyTo().tell(StatusReply.success(true));
      } else if (command instanceof LocalCommands.StopProcess stop) {
        stop.replyTo().tell(StatusReply.success(true));
      }
      return Behaviors.same();
    });
  }

  /** A commander, with the adapters it subscribed with: its view of the instances and of processes. */
  private record Started(
      ActorRef<CommanderActor.Command> commander, ActorRef<Instances.View> views, ActorRef<ProcessStatus> processes) {}

  private Started start(Model model, Duration resumeWindow, String persistenceId) {
    ActorRef<CommanderActor.Command> commander =
        testKit.kit().spawn(CommanderActor.create(model, wiring, resumeWindow, persistenceId));
    ActorRef<ProcessStatus> processes = context.expectMessageClass(Context.SubscribeProcesses.class).subscriber();
    // Every process of instance a is known: a deployment need not wait.
    context.expectMessageClass(Context.SubscribeKnown.class).subscriber()
        .tell(new Context.KnownInstances(java.util.Set.of("a")));
    ActorRef<Instances.View> views = instances.expectMessageClass(Instances.Subscribe.class).subscriber();
    return new Started(commander, views, processes);
  }

  private String startOrder() {
    return orders.expectMessageClass(LocalCommands.StartProcess.class).namespec();
  }

  private void expectStarting() {
    activity.fishForMessage(Duration.ofSeconds(3),
        a -> a.starting() ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
  }

  @Test
  void aCommanderStartedAgainResumesItsJobs() {
    Started first = start(f.empty(), Duration.ofHours(1), "commander-resume");
    first.views().tell(f.view());
    first.processes().tell(f.status("app:p1"));
    first.processes().tell(f.status("app:p2"));
    first.commander().tell(new CommanderActor.Deploy(false));
    assertEquals("app:p1", startOrder());
    expectStarting();
    testKit.kit().stop(first.commander());

    // The journal is all the new commander has of the job; its model fills before the first
    // deployment, which is when recovered jobs resume.
    Started second = start(f.empty(), Duration.ofHours(1), "commander-resume");
    second.views().tell(f.view());
    second.processes().tell(f.status("app:p1"));
    second.processes().tell(f.status("app:p2"));
    second.commander().tell(new CommanderActor.Deploy(false));
    assertEquals("app:p1", startOrder(), "the order in progress is given again");
    expectStarting();
    second.processes().tell(f.report("app:p1", "a", STARTING));
    second.processes().tell(f.report("app:p1", "a", RUNNING));
    assertEquals("app:p2", startOrder(), "then the job goes on with its next stage");
    testKit.kit().stop(second.commander());
  }

  @Test
  void jobsOlderThanTheResumeWindowAreDropped() {
    PersistenceTestKit journal = PersistenceTestKit.create(testKit.kit().system());
    Jobs jobs = f.commander.startApplication(Jobs.EMPTY, "app", StartingStrategy.CONFIG, f.origin());
    jobs = f.commander.step(jobs, java.util.Set.of());
    assertEquals(1, jobs.starting().size());
    long oldJob = jobs.starting().get(0).id();
    long twoHoursAgo = System.currentTimeMillis() - Duration.ofHours(2).toMillis();
    journal.persistForRecovery("commander-old", List.of(new CommanderActor.Changed(jobs.at(twoHoursAgo))));

    Started commander = start(f.empty(), Duration.ofMinutes(1), "commander-old");
    commander.views().tell(f.view());
    commander.processes().tell(f.status("app:p1"));
    commander.processes().tell(f.status("app:p2"));
    commander.commander().tell(new CommanderActor.Deploy(false));
    // The deployment plans the application anew: a new job, not the old one resumed.
    assertEquals("app:p1", startOrder());
    List<Object> events = journal.persistedInStorage("commander-old");
    Jobs last = ((CommanderActor.Changed) events.get(events.size() - 1)).jobs();
    assertTrue(last.allJobs().noneMatch(j -> j.id() == oldJob), "the old job is dropped, not resumed");
    assertEquals(1, last.allJobs().count());
    testKit.kit().stop(commander.commander());
  }

  private static final String MANUAL = """
      <root>
        <application name="manual">
          <programs>
            <program name="m1"><start_sequence>1</start_sequence></program>
            <program name="m2"><start_sequence>2</start_sequence></program>
          </programs>
        </application>
      </root>""";

  /** A Master with a fresh model of instance a, past its first deployment (nothing to deploy in MANUAL). */
  private Started ready(Fixture g, String persistenceId) {
    Started started = start(g.empty(), Duration.ofMinutes(1), persistenceId);
    started.views().tell(g.view());
    started.processes().tell(g.status("manual:m1"));
    started.processes().tell(g.status("manual:m2"));
    started.commander().tell(new CommanderActor.Deploy(false));
    return started;
  }

  /**
   * The Master's node lost with its journal: the next Master, whose node has a journal of its own
   * (empty), takes the job over from the cluster's replicas, finishes it and answers its caller.
   */
  @Test
  void aMasterOnAnotherNodeFinishesTheClusterJobAndAnswersItsCaller() {
    Fixture g = new Fixture(MANUAL, "a").process("manual:m1", "a").process("manual:m2", "a");
    TestProbe<StatusReply<Boolean>> caller = testKit.kit().createTestProbe();
    Started first = ready(g, "commander-moved");
    first.commander().tell(new CommanderActor.Request("a",
        new Control.StartApplication(StartingStrategy.CONFIG, "manual", true, caller.getRef())));
    assertEquals("manual:m1", startOrder());
    testKit.kit().stop(first.commander());
    PersistenceTestKit.create(testKit.kit().system()).clearByPersistenceId("commander-moved");

    Started second = ready(g, "commander-moved");
    assertEquals("manual:m1", startOrder(), "the order in progress is given again");
    second.processes().tell(g.report("manual:m1", "a", STARTING));
    second.processes().tell(g.report("manual:m1", "a", RUNNING));
    assertEquals("manual:m2", startOrder(), "then the job goes on with its next stage");
    caller.expectNoMessage(Duration.ofMillis(200));
    second.processes().tell(g.report("manual:m2", "a", STARTING));
    second.processes().tell(g.report("manual:m2", "a", RUNNING));
    assertEquals(StatusReply.success(true), caller.receiveMessage(), "the caller of the lost Master is answered");
    testKit.kit().stop(second.commander());
  }
}
