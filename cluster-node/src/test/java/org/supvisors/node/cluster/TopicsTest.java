package org.supvisors.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.pubsub.Topic;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.supvisors.node.testkit.TestKitExtension;
import org.supvisors.protocol.SupvisorsState;
import org.supvisors.protocol.SupvisorsStatus;

class TopicsTest {

  @RegisterExtension static final TestKitExtension testKit = new TestKitExtension();

  /** Each test its own topic actors: the test kit gives them fresh names. */
  private final Topics.Spawner spawner = new Topics.Spawner() {
    @Override
    public <T> ActorRef<T> spawn(Behavior<T> behavior, String name) {
      return testKit.kit().spawn(behavior);
    }
  };

  private static Topics.StateChanged state(SupvisorsState state) {
    return new Topics.StateChanged(new SupvisorsStatus(state, false, "a", List.of(), List.of()));
  }

  @Test
  void everyLocalSubscriberReceivesEachChangeInOrder() {
    Topics topics = Topics.start("a", spawner);
    TestProbe<Topics.StateEvent> first = testKit.kit().createTestProbe();
    TestProbe<Topics.StateEvent> second = testKit.kit().createTestProbe();
    topics.state().tell(Topic.subscribe(first.getRef()));
    topics.state().tell(Topic.subscribe(second.getRef()));
    awaitSubscribers(topics.state(), 3);
    for (SupvisorsState s : List.of(SupvisorsState.INITIALIZATION, SupvisorsState.DEPLOYMENT, SupvisorsState.OPERATION)) {
      topics.state().tell(Topic.publish(state(s)));
    }
    for (TestProbe<Topics.StateEvent> probe : List.of(first, second)) {
      assertEquals(state(SupvisorsState.INITIALIZATION), probe.receiveMessage());
      assertEquals(state(SupvisorsState.DEPLOYMENT), probe.receiveMessage());
      assertEquals(state(SupvisorsState.OPERATION), probe.receiveMessage());
    }
  }

  @Test
  void aStoppedSubscriberIsDropped() {
    Topics topics = Topics.start("a", spawner);
    TestProbe<Topics.ProcessEvent> kept = testKit.kit().createTestProbe();
    TestProbe<Topics.ProcessEvent> stopped = testKit.kit().createTestProbe();
    topics.processes().tell(Topic.subscribe(kept.getRef()));
    topics.processes().tell(Topic.subscribe(stopped.getRef()));
    awaitSubscribers(topics.processes(), 3);
    stopped.stop();
    awaitSubscribers(topics.processes(), 2);
    topics.processes().tell(Topic.publish(new Topics.ProcessRemoved("app:p")));
    assertEquals(new Topics.ProcessRemoved("app:p"), kept.receiveMessage());
  }

  @Test
  void topicNamesAreNodeLocal() {
    assertEquals("supvisors-processes-changes@a", Topics.name("processes", "a"));
    assertEquals("supvisors-processes-changes@b", Topics.name("processes", "b"));
  }

  /** Waits for {@code count} subscribers, the topic's own sink included. */
  private static <T> void awaitSubscribers(ActorRef<Topic.Command<T>> topic, int count) {
    TestProbe<Topic.TopicStats> stats = testKit.kit().createTestProbe();
    stats.awaitAssert(Duration.ofSeconds(3), () -> {
      topic.tell(Topic.getTopicStats(stats.getRef()));
      assertEquals(count, stats.receiveMessage().localSubscriberCount());
      return null;
    });
  }
}
