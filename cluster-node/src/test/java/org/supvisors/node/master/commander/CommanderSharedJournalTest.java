package org.supvisors.node.master.commander;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.supvisors.protocol.ProcessState.RUNNING;
import static org.supvisors.protocol.ProcessState.STARTING;

import akka.actor.testkit.typed.internal.CapturingAppender;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
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
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;
import org.supvisors.node.cluster.Members;
import org.supvisors.node.context.Context;
import org.supvisors.node.context.ProcessStatus;
import org.supvisors.node.instance.Instances;
import org.supvisors.node.journal.Journal;
import org.supvisors.node.local.LocalCommands;
import org.supvisors.node.testkit.RealPostgres;
import org.supvisors.node.testkit.Registrations;

/**
 * The shared journal the Master relies on to move: two nodes (two actor systems, each with its own data directory)
 * whose journal is the same PostgreSQL database. The commander of the first node persists a job and gives its first
 * order; that node goes away; the commander of the second node, with the same persistence id, recovers the job
 * from PostgreSQL, gives the order in progress again at its first deployment and goes on with the job.
 * Each node is a one-node cluster with the role of instance "a", whose {@code local-commands} accepts the orders.
 */
class CommanderSharedJournalTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @RegisterExtension
  static final RealPostgres postgres = new RealPostgres();

  /** Logs are captured (logback-test.xml) and printed only for failing tests. */
  @RegisterExtension
  static final TestWatcher LOGS = new TestWatcher() {
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      System.out.println("Logs of failed test " + context.getDisplayName() + ":");
      CapturingAppender.get("").flush();
    }
  };

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

  private static final String PERSISTENCE_ID = Journal.MASTER_PERSISTENCE_ID;

  @TempDir Path tmp;

  private final Fixture f = new Fixture(RULES, "a").process("app:p1", "a").process("app:p2", "a");

  @BeforeEach
  void clearLogs() {
    CapturingAppender.get("").clear();
  }

  @Test
  void aCommanderOnAnotherNodeResumesTheJobsOfTheSharedJournal() throws Exception {
    RealPostgres.Database database = postgres.newDatabase();

    Node first = Node.start("node1", tmp.resolve("node1"), database);
    try {
      Started commander = first.startCommander(f);
      commander.deploy(f);
      assertEquals("app:p1", commander.startOrder());
      commander.expectStarting();
      // The job is persisted before its orders go out: it is in PostgreSQL now.
      assertTrue(journalRows(database) > 0, "events of " + PERSISTENCE_ID + " in the PostgreSQL journal");
    } finally {
      first.kit.shutdownTestKit();
    }

    Node second = Node.start("node2", tmp.resolve("node2"), database);
    try {
      // The journal is all the new commander has of the job; its model fills before the first deployment, which
      // is when recovered jobs resume.
      Started commander = second.startCommander(f);
      commander.deploy(f);
      assertEquals("app:p1", commander.startOrder(), "the order in progress is given again");
      commander.expectStarting();
      commander.processes().tell(f.report("app:p1", "a", STARTING));
      commander.processes().tell(f.report("app:p1", "a", RUNNING));
      assertEquals("app:p2", commander.startOrder(), "then the job goes on with its next stage");
    } finally {
      second.kit.shutdownTestKit();
    }
    for (String node : new String[] {"node1", "node2"}) {
      assertFalse(Files.exists(tmp.resolve(node).resolve("journal")), "no embedded journal on " + node);
    }
  }

  private static long journalRows(RealPostgres.Database database) throws SQLException {
    try (Connection connection = database.connect();
        PreparedStatement query = connection.prepareStatement(
            "SELECT count(*) FROM event_journal WHERE persistence_id = ?")) {
      query.setString(1, PERSISTENCE_ID);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  /** A node: its actor system, a one-node cluster, its journal on the database, instance a's local-commands. */
  private record Node(ActorTestKit kit, TestProbe<LocalCommands.Command> orders) {

    static Node start(String name, Path dataDir, RealPostgres.Database database) throws Exception {
      Config config = Journal.config(dataDir, database.journalSettings())
          .withFallback(ConfigFactory.parseString(
              "akka.actor.provider = cluster\n"
                  + "akka.remote.artery.canonical.hostname = \"127.0.0.1\"\n"
                  + "akka.remote.artery.canonical.port = 0\n"
                  + "akka.cluster.roles = [\"" + Members.role("a") + "\"]\n"
                  + "akka.cluster.jmx.enabled = off\n"
                  + "akka.actor.serialization-bindings {"
                  + " \"org.supvisors.protocol.ClusterSerializable\" = jackson-cbor }\n"));
      ActorTestKit kit = ActorTestKit.create(name, config);
      try {
        // As the node does before the Master starts.
        Journal.ensureSchema(kit.system()).toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        Cluster cluster = Cluster.get(kit.system());
        TestProbe<SelfUp> up = kit.createTestProbe();
        cluster.subscriptions().tell(Subscribe.create(up.getRef(), SelfUp.class));
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
        up.expectMessageClass(SelfUp.class, TIMEOUT);
        TestProbe<LocalCommands.Command> orders = kit.createTestProbe();
        Registrations.registerAndWait(kit, LocalCommands.KEY, kit.spawn(accepting(orders.getRef()), LocalCommands.NAME));
        return new Node(kit, orders);
      } catch (Exception | Error e) {
        kit.shutdownTestKit();
        throw e;
      }
    }

    /** Instance a's local-commands: shows the orders and accepts them. */
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

    /** The Master's commander on this node, with the adapters it subscribed with. */
    Started startCommander(Fixture f) {
      TestProbe<CommanderActor.Activity> activity = kit.createTestProbe();
      TestProbe<CommanderActor.TerminateRequested> terminate = kit.createTestProbe();
      TestProbe<Instances.Command> instances = kit.createTestProbe();
      TestProbe<Context.Command> context = kit.createTestProbe();
      CommanderActor.Wiring wiring =
          new CommanderActor.Wiring(activity.getRef(), terminate.getRef(), instances.getRef(), context.getRef());
      ActorRef<CommanderActor.Command> commander =
          kit.spawn(CommanderActor.create(f.empty(), wiring, Duration.ofHours(1), PERSISTENCE_ID));
      ActorRef<ProcessStatus> processes =
          context.expectMessageClass(Context.SubscribeProcesses.class, TIMEOUT).subscriber();
      context.expectMessageClass(Context.SubscribeKnown.class, TIMEOUT).subscriber()
          .tell(new Context.KnownInstances(java.util.Set.of("a")));
      ActorRef<Instances.View> views = instances.expectMessageClass(Instances.Subscribe.class, TIMEOUT).subscriber();
      return new Started(commander, views, processes, orders, activity);
    }
  }

  private record Started(ActorRef<CommanderActor.Command> commander, ActorRef<Instances.View> views,
      ActorRef<ProcessStatus> processes, TestProbe<LocalCommands.Command> orders,
      TestProbe<CommanderActor.Activity> activity) {

    /** The model fills (instances, processes), then the first deployment. */
    void deploy(Fixture f) {
      views.tell(f.view());
      processes.tell(f.status("app:p1"));
      processes.tell(f.status("app:p2"));
      commander.tell(new CommanderActor.Deploy(false));
    }

    String startOrder() {
      return orders.expectMessageClass(LocalCommands.StartProcess.class, TIMEOUT).namespec();
    }

    void expectStarting() {
      activity.fishForMessage(TIMEOUT,
          a -> a.starting() ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
    }
  }
}
