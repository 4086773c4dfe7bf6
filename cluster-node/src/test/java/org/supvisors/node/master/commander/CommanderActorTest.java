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
import org.supvisors.node.testkit.TestKitExtension;
import org.supvisors.protocol.StartingStrategy;

/**
 * The commander as an event-sourced actor: a Master that goes away in the middle of a job and comes
 * back with the same journal gives the orders of the job again and goes on with it; jobs older than
 * the resume window are dropped. A one-node cluster with the identifier role, so that the orders
 * reach the {@code local-commands} actor of instance "a" (here a stub that accepts them); the
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
  private ActorRef<LocalCommands.Command> localCommands;

  @BeforeAll
  static void formOneNodeCluster() {
    Cluster cluster = Cluster.get(testKit.kit().system());
    TestProbe<SelfUp> up = testKit.kit().createTestProbe();
    cluster.subscriptions().tell(Subscribe.create(up.getRef(), SelfUp.class));
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    up.expectMessageClass(SelfUp.class, Duration.ofSeconds(20));
  }

  /** Instance a's local-commands: accepts every order and shows it to {@link #orders}. */
  @BeforeEach
  void serveOrders() {
    localCommands = testKit.kit().spawn(accepting(orders.getRef()), LocalCommands.NAME);
  }

  @AfterEach
  void stopServingOrders() {
    testKit.kit().stop(localCommands);
  }

  private static Behavior<LocalCommands.Command> accepting(ActorRef<LocalCommands.Command> seen) {
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
    // Once the view is taken, the recovery is over: the commander's own Recovered message is ahead
    // of the Deploy in its mailbox (a Deploy taken before it would be resumed as an old job).
    assertEquals(new CommanderActor.Activity(false, false, 0, 0), activity.receiveMessage());
    first.processes().tell(f.status("app:p1"));
    first.processes().tell(f.status("app:p2"));
    first.commander().tell(new CommanderActor.Deploy(false));
    assertEquals("app:p1", startOrder());
    expectStarting();
    testKit.kit().stop(first.commander());

    // The journal is all the new commander has of the job. Its model must know the cluster before
    // the recovery ends (see the report: the Master's commander starts with an empty one).
    Started second = start(f.snapshot(), Duration.ofHours(1), "commander-resume");
    assertEquals("app:p1", startOrder(), "the order in progress is given again");
    expectStarting();
    second.views().tell(f.view());
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
    long twoHoursAgo = System.currentTimeMillis() - Duration.ofHours(2).toMillis();
    journal.persistForRecovery("commander-old", List.of(new CommanderActor.Changed(jobs.at(twoHoursAgo))));

    Started commander = start(f.snapshot(), Duration.ofMinutes(1), "commander-old");
    CommanderActor.Activity idle = activity.receiveMessage();
    assertEquals(new CommanderActor.Activity(false, false, 0, 0), idle);
    List<Object> events = journal.persistedInStorage("commander-old");
    assertEquals(2, events.size());
    Jobs last = ((CommanderActor.Changed) events.get(1)).jobs();
    assertTrue(last.allJobs().findAny().isEmpty(), "the old job is dropped, not resumed");
    testKit.kit().stop(commander.commander());
  }
}
