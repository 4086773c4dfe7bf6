package org.supvisors.node.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.FishingOutcomes;
import akka.actor.testkit.typed.javadsl.LoggingTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.pubsub.Topic;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.supvisors.node.cluster.InstanceProfile;
import org.supvisors.node.cluster.Members;
import org.supvisors.node.cluster.Topics;
import org.supvisors.node.config.HostResolver;
import org.supvisors.node.config.InstanceAddress;
import org.supvisors.node.config.NodeSettings;
import org.supvisors.node.config.NodeSettingsLoader;

/**
 * The table adds the instances it meets as cluster members in discovery mode: two actor systems of one JVM, the
 * first running the table of {@code alpha} (configured without {@code supvisors_list}), the second standing for a
 * node {@code late} that joins with its profile in its roles.
 */
class InstancesTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private static final InstanceAddress LATE = new InstanceAddress("late", "127.0.0.1", 61100, 61101, 61103,
      "127.0.0.1");

  @TempDir
  Path dir;

  private ActorTestKit a;
  private ActorTestKit b;

  @AfterEach
  void shutdown() {
    if (b != null) {
      b.shutdownTestKit();
    }
    if (a != null) {
      a.shutdownTestKit();
    }
  }

  private static Config cluster(List<String> roles) {
    return ConfigFactory.parseString(
            "akka.actor.provider = cluster\n"
                + "akka.remote.artery.canonical.hostname = \"127.0.0.1\"\n"
                + "akka.remote.artery.canonical.port = 0\n"
                + "akka.cluster.jmx.enabled = off\n"
                + "akka.actor.serialization-bindings { \"org.supvisors.protocol.ClusterSerializable\" = jackson-cbor }\n")
        .withValue("akka.cluster.roles", ConfigValueFactory.fromIterable(roles));
  }

  /** alpha's settings: supervisord on 127.0.0.1, with or without multicast_group, optionally a list. */
  private NodeSettings settings(String extraOptions) throws IOException {
    Path conf = dir.resolve("supervisord.conf");
    Files.writeString(conf, """
        [inet_http_server]
        port=127.0.0.1:61000

        [supervisord]
        identifier=alpha

        [supvisors]
        stereotypes = hmi
        """ + extraOptions + "\n");
    return new NodeSettingsLoader(Map.of(), new LoopbackResolver(), dir).loadSettings("--supervisord-conf",
        conf.toString());
  }

  /** Starts alpha's table and a second system with the roles of {@code late}, not joined yet. */
  private ActorRef<Instances.Command> start(NodeSettings settings, TestProbe<Instances.View> views) {
    ActorRef<Instances.Command> table = a.spawn(
        Instances.create(settings, a.<Topic.Command<Topics.InstanceEvent>>createTestProbe().getRef()));
    table.tell(new Instances.Subscribe(views.getRef()));
    return table;
  }

  private void kits(NodeSettings settings) {
    a = ActorTestKit.create("InstancesTest", cluster(Members.roles(settings.local(), settings.options().stereotypes())));
    b = ActorTestKit.create("InstancesTest", cluster(Members.roles(LATE, List.of("special", "gpu"))));
  }

  private void join() {
    Cluster clusterA = Cluster.get(a.system());
    clusterA.manager().tell(Join.create(clusterA.selfMember().address()));
    Cluster.get(b.system()).manager().tell(Join.create(clusterA.selfMember().address()));
    a.createTestProbe().awaitAssert(TIMEOUT, () -> {
      long up = StreamSupport.stream(clusterA.state().getMembers().spliterator(), false)
          .filter(m -> m.status() == MemberStatus.up()).count();
      assertEquals(2, up);
      return null;
    });
  }

  @Test
  void aMemberOfAnUnknownInstanceIsAddedInDiscoveryMode() throws IOException {
    NodeSettings settings = settings("multicast_group = 239.0.0.9:61599");
    assertEquals(List.of("alpha"), settings.instances().stream().map(InstanceAddress::identifier).toList());
    kits(settings);
    TestProbe<Instances.View> views = a.createTestProbe();
    start(settings, views);
    join();
    Instances.View view = views.fishForMessage(TIMEOUT, v -> v.instances().containsKey("late")
        ? FishingOutcomes.complete()
        : FishingOutcomes.continueAndIgnore()).get(0);
    assertEquals(List.of("alpha", "late"), List.copyOf(view.instances().keySet()), "arrival order after the local one");
    int port = Cluster.get(b.system()).selfMember().address().getPort().map(p -> (Integer) p).orElseThrow();
    InstanceAddress expected = new InstanceAddress("late", "127.0.0.1", LATE.httpPort(), port, LATE.nodeHttpPort(),
        "127.0.0.1");
    assertEquals(new InstanceProfile(expected, List.of("special", "gpu")), view.profiles().get("late"));
    assertEquals(List.of("hmi"), view.profiles().get("alpha").stereotypes());
    assertEquals(List.of("late"), view.directory().filter(List.of("gpu")));
    assertEquals(List.of("alpha"), view.directory().filter(List.of("hmi")));
    assertEquals(Optional.of("127.0.0.1"), view.ipAddress("late"));
    // Its node has no table: it is known, not yet checked.
    assertEquals(org.supvisors.protocol.InstanceState.UNKNOWN, view.instances().get("late").state());
  }

  @Test
  void withoutMulticastGroupAMemberOutsideTheListIsIgnored() throws IOException {
    NodeSettings settings = settings("");
    kits(settings);
    TestProbe<Instances.View> views = a.createTestProbe();
    ActorRef<Instances.Command> table = start(settings, views);
    // The table says so when it handles the member of late: its answer afterwards shows the table after that.
    LoggingTestKit.warn("is instance late, absent from supvisors_list").expect(a.system(), () -> {
      join();
      return null;
    });
    TestProbe<Instances.View> answer = a.createTestProbe();
    table.tell(new Instances.GetAll(answer.getRef()));
    Instances.View view = answer.receiveMessage(TIMEOUT);
    assertFalse(view.instances().containsKey("late"));
    assertEquals(Set.of("alpha"), view.profiles().keySet());
  }

  /** Only the loopback exists: alpha's supervisord listens there. */
  private static final class LoopbackResolver implements HostResolver {
    @Override
    public Optional<ResolvedHost> resolve(String host) {
      return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("testhost")
          ? Optional.of(new ResolvedHost("localhost", List.of(), List.of("127.0.0.1")))
          : Optional.empty();
    }

    @Override
    public String localHostName() {
      return "testhost";
    }

    @Override
    public String localFqdn() {
      return "testhost";
    }

    @Override
    public Set<String> localAddresses() {
      return Set.of("127.0.0.1");
    }
  }
}
