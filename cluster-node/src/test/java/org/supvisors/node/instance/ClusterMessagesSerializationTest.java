package org.supvisors.node.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.javadsl.Adapter;
import akka.pattern.StatusReply;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializer;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import java.util.Map;
import java.util.Set;
import org.supvisors.node.context.Context;
import org.supvisors.node.local.LocalCommands;
import org.supvisors.node.master.Control;
import org.supvisors.node.supervisor.LocalProcessEvent;
import org.supvisors.protocol.LocalProcessInfo;
import org.supvisors.protocol.ProcessState;
import org.supvisors.node.master.MasterActor;
import org.supvisors.node.master.commander.ApplicationJob;
import org.supvisors.node.master.commander.CommanderActor;
import org.supvisors.node.master.commander.Jobs;
import org.supvisors.node.master.commander.ProcessCommand;
import org.supvisors.protocol.ConciliationStrategy;
import org.supvisors.protocol.RunningFailureStrategy;
import org.supvisors.protocol.StartingStrategy;
import org.supvisors.rules.decision.RunningFailure;
import org.supvisors.node.testkit.TestKitExtension;
import org.supvisors.protocol.InstanceState;
import org.supvisors.protocol.StateModes;
import org.supvisors.protocol.SupvisorsState;

/** Every message that crosses the cluster survives the Jackson CBOR binding of the node's configuration. */
class ClusterMessagesSerializationTest {

  @RegisterExtension
  static final TestKitExtension testKit = new TestKitExtension(ConfigFactory.parseString(
      "akka.actor.serialization-bindings { \"org.supvisors.protocol.ClusterSerializable\" = jackson-cbor }\n"
          + "akka.actor.serialize-messages = off"));

  private Object roundTrip(Object message) {
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(testKit.kit().system()));
    Serializer serializer = serialization.findSerializerFor(message);
    assertEquals("akka.serialization.jackson.JacksonCborSerializer", serializer.getClass().getName());
    // Serialization.serialize (not the serializer alone) sets the transport information that
    // actor references need.
    byte[] bytes = serialization.serialize(message).get();
    String manifest = akka.serialization.Serializers.manifestFor(serializer, message);
    return serialization.deserialize(bytes, serializer.identifier(), manifest).get();
  }

  @Test
  void instanceMessagesRoundTrip() {
    StateModes modes = new StateModes(SupvisorsState.OPERATION, false, "supv-01", true, false);
    TestProbe<Instances.CheckReply> replyTo = testKit.kit().createTestProbe();
    TestProbe<Instances.Command> table = testKit.kit().createTestProbe();
    for (Object message : List.of(
        new Instances.Heartbeat("supv-01", 42, 1795559720L, modes, true, table.getRef()),
        new Instances.CheckInstance("supv-02", replyTo.getRef()),
        new Instances.CheckReply(InstanceState.ISOLATED, modes))) {
      assertEquals(message, roundTrip(message));
    }
  }

  /** The process events between process models, in each of their forms, and the resync request. */
  @Test
  void contextMessagesRoundTrip() {
    LocalProcessInfo running = new LocalProcessInfo("p", "app", ProcessState.RUNNING, 1795559720L, 0, 1795559721L,
        4242, "pid 4242, uptime 0:00:01", "", true, 1, 10, "", false, "p", 0);
    LocalProcessInfo stopped = new LocalProcessInfo("q:0", "grp", ProcessState.EXITED, 1795559000L, 1795559700L,
        1795559721L, 0, "", "exit 1", false, 2, 5, "-v", true, "q", 0);
    TestProbe<Context.Command> replyTo = testKit.kit().createTestProbe();
    for (Object message : List.of(
        new Context.Remote(new LocalProcessEvent.Updated("supv-01", 7, running)),
        new Context.Remote(new LocalProcessEvent.Removed("supv-01", 8, "grp:q:0")),
        new Context.Remote(new LocalProcessEvent.Snapshot("supv-01", 9, List.of(running, stopped))),
        new Context.Remote(new LocalProcessEvent.Snapshot("supv-01", 0, List.of())),
        new Context.SnapshotRequest("supv-02", replyTo.getRef()),
        new Context.ForceState("app:p", ProcessState.FATAL, "no resource to start it", false))) {
      assertEquals(message, roundTrip(message));
    }
  }

  /** The Master's orders to a node's local commands. */
  @Test
  void localCommandsRoundTrip() {
    TestProbe<StatusReply<Boolean>> replyTo = testKit.kit().createTestProbe();
    for (Object message : List.of(
        new LocalCommands.StartProcess("app:p", "-x 1", replyTo.getRef()),
        new LocalCommands.StopProcess("app:p", replyTo.getRef()),
        new LocalCommands.EndSupervisord(true))) {
      assertEquals(message, roundTrip(message));
    }
  }

  @Test
  void masterMessagesRoundTrip() {
    TestProbe<StatusReply<Boolean>> replyTo = testKit.kit().createTestProbe();
    MasterActor.EndSync endSync = new MasterActor.EndSync("supv-02", replyTo.getRef());
    assertEquals(endSync, roundTrip(endSync));
    assertEquals(MasterActor.Stop.INSTANCE, roundTrip(MasterActor.Stop.INSTANCE));
  }

  @Test
  void controlRequestsRoundTrip() {
    TestProbe<StatusReply<Boolean>> replyTo = testKit.kit().createTestProbe();
    TestProbe<StatusReply<String>> namespecTo = testKit.kit().createTestProbe();
    for (Control control : List.of(
        new Control.StartApplication(StartingStrategy.LESS_LOADED, "app", true, replyTo.getRef()),
        new Control.StopApplication("app", false, replyTo.getRef()),
        new Control.RestartApplication(StartingStrategy.CONFIG, "app", true, replyTo.getRef()),
        new Control.StartProcess(StartingStrategy.LOCAL, "app:p", "-x 1", true, replyTo.getRef()),
        new Control.StartAnyProcess(StartingStrategy.MOST_LOADED, "p.*", "", false, namespecTo.getRef()),
        new Control.StopProcess("app:p", true, replyTo.getRef()),
        new Control.RestartProcess(StartingStrategy.CONFIG, "app:p", "", true, replyTo.getRef()),
        new Control.RestartSequence(true, replyTo.getRef()),
        new Control.Terminate(false, replyTo.getRef()),
        new Control.Conciliate(ConciliationStrategy.SENICIDE, replyTo.getRef()))) {
      MasterActor.Routed routed = new MasterActor.Routed("supv-02", control);
      assertEquals(routed, roundTrip(routed));
    }
  }

  /** The journal's event: what a Master restarted elsewhere reads back. */
  @Test
  void commanderJobsRoundTrip() {
    ProcessCommand command = ProcessCommand.planned("app:p", "supv-01", "-v", true, true, 20, 2);
    ApplicationJob start = new ApplicationJob(3, "app", true, 1, StartingStrategy.CONFIG,
        List.of(List.of(command)), List.of("supv-01"), true, false, false, null, Set.of(7L), "supv-02");
    ApplicationJob stop = new ApplicationJob(4, "app", false, 1, StartingStrategy.CONFIG,
        List.of(List.of(command), List.of(command)), List.of(), true, true, true, start, Set.of(), "supv-01");
    Jobs jobs = new Jobs(List.of(start), List.of(), List.of(), List.of(stop),
        List.of(new RunningFailure("app", "app:p", RunningFailureStrategy.RESTART_PROCESS, StartingStrategy.CONFIG,
            true, false)),
        Map.of("app:p", "-v"), 12, 1795559720000L);
    CommanderActor.Changed changed = new CommanderActor.Changed(jobs);
    assertEquals(changed, roundTrip(changed));
  }
}
