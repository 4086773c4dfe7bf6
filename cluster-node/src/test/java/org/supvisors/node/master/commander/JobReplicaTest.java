package org.supvisors.node.master.commander;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.Adapter;
import akka.cluster.MemberStatus;
import akka.cluster.ddata.LWWRegister;
import akka.cluster.ddata.SelfUniqueAddress;
import akka.cluster.ddata.typed.javadsl.DistributedData;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import akka.pattern.StatusReply;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializer;
import akka.serialization.Serializers;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.supvisors.node.master.Control;
import org.supvisors.protocol.StartingStrategy;

/**
 * The replica of the Master's jobs: two actor systems of one JVM joined in a cluster, where what a
 * Master writes on one node is read from a majority by a Master on the other, and a write no
 * majority takes is still kept by the node that made it.
 */
class JobReplicaTest {

  private static final Config CLUSTER = ConfigFactory.parseString(
      "akka.actor.provider = cluster\n"
          + "akka.remote.artery.canonical.hostname = \"127.0.0.1\"\n"
          + "akka.remote.artery.canonical.port = 0\n"
          + "akka.cluster.jmx.enabled = off\n"
          + "akka.cluster.distributed-data.gossip-interval = 200 ms\n"
          + "akka.actor.serialization-bindings { \"org.supvisors.protocol.ClusterSerializable\" = jackson-cbor }\n");

  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  /** One system name: nodes of a cluster share it. */
  private final ActorTestKit a = ActorTestKit.create("JobReplicaTest", CLUSTER);
  private final ActorTestKit b = ActorTestKit.create("JobReplicaTest", CLUSTER);

  @AfterEach
  void shutdown() {
    b.shutdownTestKit();
    a.shutdownTestKit();
  }

  @Test
  void whatAMasterWritesOnOneNodeIsReadFromAMajorityOnAnother() {
    joinBoth();
    ActorRef<JobReplica.Command> onA = a.spawn(JobReplica.create("jobs", TIMEOUT));
    ActorRef<JobReplica.Command> onB = b.spawn(JobReplica.create("jobs", TIMEOUT));

    assertEquals(new JobReplica.ReadResult(Optional.empty(), true), read(b, onB), "nothing held yet");

    TestProbe<StatusReply<Boolean>> caller = a.createTestProbe();
    ReplicatedJobs state = state(caller.getRef(), 5);
    TestProbe<JobReplica.Written> written = a.createTestProbe();
    onA.tell(new JobReplica.Write(state, 1, written.getRef()));
    assertEquals(new JobReplica.Written(1, true), written.receiveMessage(TIMEOUT.multipliedBy(2)));

    JobReplica.ReadResult read = read(b, onB);
    assertTrue(read.majority());
    assertEquals(state.jobs(), read.state().orElseThrow().jobs());
    // The caller's address comes along: a Master on node B answers the caller of node A.
    Control control = read.state().orElseThrow().waiting().get(0).control();
    ((Control.StartApplication) control).replyTo().tell(StatusReply.success(true));
    assertEquals(StatusReply.success(true), caller.receiveMessage());

    ReplicatedJobs later = new ReplicatedJobs("supv-02", Jobs.EMPTY.at(1), List.of());
    TestProbe<JobReplica.Written> writtenOnB = b.createTestProbe();
    onB.tell(new JobReplica.Write(later, 1, writtenOnB.getRef()));
    assertEquals(new JobReplica.Written(1, true), writtenOnB.receiveMessage(TIMEOUT.multipliedBy(2)));
    assertEquals(Optional.of(later), read(a, onA).state(), "the last writer wins, whatever its node");
  }

  @Test
  void aWriteNoMajorityTakesIsKeptByItsNode() {
    joinBoth();
    ActorRef<JobReplica.Command> onA = a.spawn(JobReplica.create("jobs", Duration.ofMillis(500)));
    // Node b's replicator gone, node b still a member: a majority of two cannot answer.
    akka.cluster.ddata.DistributedData.get(Adapter.toClassic(b.system())).replicator()
        .tell(akka.actor.PoisonPill.getInstance(), akka.actor.ActorRef.noSender());

    ReplicatedJobs state = state(a.<StatusReply<Boolean>>createTestProbe().getRef(), 9);
    TestProbe<JobReplica.Written> written = a.createTestProbe();
    onA.tell(new JobReplica.Write(state, 3, written.getRef()));
    assertEquals(new JobReplica.Written(3, false), written.receiveMessage(Duration.ofSeconds(5)));

    JobReplica.ReadResult read = read(a, onA);
    assertFalse(read.majority());
    assertEquals(Optional.of(state), read.state());
  }

  /** The register itself crosses the cluster through Distributed Data's serializer, our record inside in CBOR. */
  @Test
  void theReplicatedRegisterRoundTrips() {
    SelfUniqueAddress node = DistributedData.get(a.system()).selfUniqueAddress();
    LWWRegister<ReplicatedJobs> register = LWWRegister.create(node,
        state(a.<StatusReply<Boolean>>createTestProbe().getRef(), 4));
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(a.system()));
    Serializer serializer = serialization.findSerializerFor(register);
    byte[] bytes = serialization.serialize(register).get();
    Object back = serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, register))
        .get();
    assertEquals(register.getValue(), ((LWWRegister<?>) back).getValue());
    Serializer inner = serialization.findSerializerFor(register.getValue());
    assertEquals("akka.serialization.jackson.JacksonCborSerializer", inner.getClass().getName());
  }

  private static JobReplica.ReadResult read(ActorTestKit kit, ActorRef<JobReplica.Command> replica) {
    TestProbe<JobReplica.ReadResult> probe = kit.createTestProbe();
    replica.tell(new JobReplica.Read(probe.getRef()));
    return probe.receiveMessage(TIMEOUT.multipliedBy(4));
  }

  /** Jobs with one start job in progress and the start_application request waiting for it. */
  private static ReplicatedJobs state(ActorRef<StatusReply<Boolean>> caller, long request) {
    ProcessCommand command = ProcessCommand.planned("app:p", "supv-02", "", true, true, 0, 1);
    ApplicationJob job = new ApplicationJob(request, "app", true, 1, StartingStrategy.LESS_LOADED,
        List.of(List.of(command)), List.of(), false, false, false, null, Set.of(request), "supv-02");
    Jobs jobs = new Jobs(List.of(), List.of(job), List.of(), List.of(), List.of(), Map.of(), request + 1,
        1795559720000L + request);
    Control control = new Control.StartApplication(StartingStrategy.LESS_LOADED, "app", true, caller);
    return new ReplicatedJobs("supv-01", jobs, List.of(new ReplicatedJobs.Waiting(request, control, "")));
  }

  private void joinBoth() {
    Cluster clusterA = Cluster.get(a.system());
    clusterA.manager().tell(Join.create(clusterA.selfMember().address()));
    Cluster.get(b.system()).manager().tell(Join.create(clusterA.selfMember().address()));
    TestProbe<Object> probe = a.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(20), () -> {
      for (ActorTestKit kit : List.of(a, b)) {
        long up = StreamSupport.stream(Cluster.get(kit.system()).state().getMembers().spliterator(), false)
            .filter(m -> m.status() == MemberStatus.up()).count();
        assertEquals(2, up);
      }
      return null;
    });
  }
}
