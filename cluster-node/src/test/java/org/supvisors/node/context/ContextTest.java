package org.supvisors.node.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.DeadLetter;
import akka.actor.typed.ActorRef;
import akka.actor.typed.eventstream.EventStream;
import akka.actor.typed.pubsub.Topic;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.supvisors.node.cluster.Topics;
import org.supvisors.node.fsm.Views;
import org.supvisors.node.instance.Instances;
import org.supvisors.node.supervisor.LocalProcessEvent;
import org.supvisors.node.testkit.Published;
import org.supvisors.node.testkit.TestKitExtension;
import org.supvisors.protocol.ApplicationState;
import org.supvisors.protocol.InstanceState;
import org.supvisors.protocol.LocalProcessInfo;
import org.supvisors.protocol.ProcessInfo;
import org.supvisors.protocol.ProcessState;
import org.supvisors.rules.InstanceDirectory;
import org.supvisors.rules.Rules;
import org.supvisors.rules.RulesLoader;

class ContextTest {

  /** The table follows cluster membership: a cluster provider that never joins is enough here. */
  @RegisterExtension
  static final TestKitExtension testKit = new TestKitExtension(com.typesafe.config.ConfigFactory.parseString(
      "akka.actor.provider = cluster\n"
          + "akka.remote.artery.canonical.hostname = 127.0.0.1\n"
          + "akka.remote.artery.canonical.port = 0"));

  private static final Rules RULES = Rules.resolve(
      RulesLoader.fromString("rules.xml", """
          <root>
            <application name="app">
              <programs>
                <program name="p"><expected_loading>25</expected_loading><start_sequence>1</start_sequence><required>true</required></program>
              </programs>
            </application>
          </root>
          """),
      InstanceDirectory.of("a", "b"),
      org.supvisors.protocol.StartingStrategy.CONFIG);

  private final TestProbe<Instances.Command> instances = testKit.kit().createTestProbe();
  private final TestProbe<Topic.Command<Topics.ProcessEvent>> processChanges = testKit.kit().createTestProbe();
  private final TestProbe<Topic.Command<Topics.ApplicationEvent>> applicationChanges = testKit.kit().createTestProbe();
  private final Topics topics = new Topics(testKit.kit().<Topic.Command<Topics.InstanceEvent>>createTestProbe().getRef(),
      applicationChanges.getRef(), processChanges.getRef(),
      testKit.kit().<Topic.Command<Topics.StateEvent>>createTestProbe().getRef());
  private ActorRef<Context.Command> context;
  private ActorRef<Instances.View> views;

  private void start() {
    context = testKit.kit().spawn(Context.create("a", RULES, instances.getRef(), topics));
    views = instances.expectMessageClass(Instances.Subscribe.class).subscriber();
  }

  private static LocalProcessInfo info(String group, String name, ProcessState state) {
    return new LocalProcessInfo(name, group, state, 10, 0, 20, 0, "", "", true, 1, 10, "", false, name, 0);
  }

  private ContextView view() {
    TestProbe<ContextView> probe = testKit.kit().createTestProbe();
    context.tell(new Context.GetView(probe.getRef()));
    return probe.receiveMessage();
  }

  /** Views are computed by child actors: wait until the view shows what is expected. */
  private ContextView awaitView(Predicate<ContextView> condition) {
    for (int i = 0; i < 100; i++) {
      ContextView v = view();
      if (condition.test(v)) {
        return v;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    throw new AssertionError("condition never met: " + view());
  }

  private static ProcessInfo process(ContextView v, String namespec) {
    return v.processInfos().stream().filter(p -> p.namespec().equals(namespec)).findFirst().orElseThrow();
  }

  @Test
  void localEventsMakeTheModel() {
    start();
    context.tell(new Context.Local(new LocalProcessEvent.Snapshot("a", 1,
        List.of(info("app", "p", ProcessState.STOPPED), info("other", "other", ProcessState.RUNNING)))));
    context.tell(new Context.Local(new LocalProcessEvent.Updated("a", 2, info("app", "p", ProcessState.RUNNING))));
    ContextView v = awaitView(x -> x.processInfos().size() == 2
        && process(x, "app:p").state() == ProcessState.RUNNING
        && x.application("app").map(a -> a.state() == ApplicationState.RUNNING).orElse(false));
    assertEquals(List.of("a"), process(v, "app:p").identifiers());
    assertTrue(v.application("app").orElseThrow().managed());
    assertFalse(v.application("other").orElseThrow().managed());
    assertEquals(25, v.loading("a"));
    assertEquals(0, v.loading("b"));
    assertEquals(2, v.localProcesses("a").size());
  }

  /** As Supvisors lists them: by application name, then process name, whatever the order of arrival. */
  @Test
  void processesAreListedByApplicationThenName() {
    start();
    context.tell(new Context.Local(new LocalProcessEvent.Snapshot("a", 1, List.of(
        info("web", "b", ProcessState.RUNNING), info("app", "z", ProcessState.RUNNING),
        info("web", "a", ProcessState.RUNNING), info("app", "p", ProcessState.RUNNING)))));
    ContextView v = awaitView(x -> x.processInfos().size() == 4);
    assertEquals(List.of("app:p", "app:z", "web:a", "web:b"), v.processInfos().stream().map(ProcessInfo::namespec).toList());
  }

  @Test
  void eventsOfAnUncheckedInstanceAreIgnored() {
    start();
    views.tell(Views.of().with("a", InstanceState.RUNNING).with("b", InstanceState.UNKNOWN).build());
    context.tell(new Context.Remote(new LocalProcessEvent.Snapshot("b", 3, List.of(info("app", "p", ProcessState.RUNNING)))));
    context.tell(new Context.Local(new LocalProcessEvent.Snapshot("a", 1, List.of(info("app", "q", ProcessState.RUNNING)))));
    ContextView v = awaitView(x -> x.processInfos().size() == 1);
    assertEquals("app:q", v.processInfos().get(0).namespec());
  }

  @Test
  void remoteEventsApplyInOrderAndAGapAsksForASnapshot() {
    start();
    views.tell(Views.of().with("a", InstanceState.RUNNING).with("b", InstanceState.RUNNING).build());
    context.tell(new Context.Remote(new LocalProcessEvent.Snapshot("b", 5, List.of(info("app", "p", ProcessState.STOPPED)))));
    context.tell(new Context.Remote(new LocalProcessEvent.Updated("b", 6, info("app", "p", ProcessState.STARTING))));
    context.tell(new Context.Remote(new LocalProcessEvent.Updated("b", 6, info("app", "p", ProcessState.FATAL))));
    awaitView(x -> x.processInfos().size() == 1 && process(x, "app:p").state() == ProcessState.STARTING);
    // 8 after 6: the event 7 is missing, so the state must not move until a snapshot arrives.
    context.tell(new Context.Remote(new LocalProcessEvent.Updated("b", 8, info("app", "p", ProcessState.RUNNING))));
    context.tell(new Context.Remote(new LocalProcessEvent.Snapshot("b", 9, List.of(info("app", "p", ProcessState.BACKOFF)))));
    ContextView v = awaitView(x -> process(x, "app:p").state() == ProcessState.BACKOFF);
    assertEquals(List.of("b"), process(v, "app:p").identifiers());
  }

  @Test
  void theProcessesOfALostInstanceAreFatalAndConflictsArePublished() {
    start();
    TestProbe<Context.Conflicts> conflicts = testKit.kit().createTestProbe();
    context.tell(new Context.SubscribeConflicts(conflicts.getRef()));
    assertEquals(List.of(), conflicts.receiveMessage().namespecs());
    views.tell(Views.of().with("a", InstanceState.RUNNING).with("b", InstanceState.RUNNING).build());
    context.tell(new Context.Local(new LocalProcessEvent.Snapshot("a", 1, List.of(info("app", "p", ProcessState.RUNNING)))));
    context.tell(new Context.Remote(new LocalProcessEvent.Snapshot("b", 1, List.of(info("app", "p", ProcessState.RUNNING)))));
    assertEquals(List.of("app:p"), conflicts.receiveMessage(Duration.ofSeconds(3)).namespecs());
    views.tell(Views.of().with("a", InstanceState.RUNNING).with("b", InstanceState.SILENT).build());
    assertEquals(List.of(), conflicts.receiveMessage(Duration.ofSeconds(3)).namespecs());
    ContextView v = awaitView(x -> process(x, "app:p").identifiers().equals(List.of("a")));
    assertEquals(ProcessState.RUNNING, process(v, "app:p").state());
    assertTrue(v.processFailure("b"));
  }

  @Test
  void theProcessesOfADetachedInstanceAreKeptUntilItIsLost() {
    start();
    views.tell(Views.of().with("a", InstanceState.RUNNING).with("b", InstanceState.RUNNING).build());
    context.tell(new Context.Remote(new LocalProcessEvent.Snapshot("b", 1, List.of(info("app", "p", ProcessState.RUNNING)))));
    awaitView(x -> x.processInfos().size() == 1 && process(x, "app:p").state() == ProcessState.RUNNING);
    // Its node is away, its supervisord answers: the process still runs there.
    views.tell(Views.of().with("a", InstanceState.RUNNING).detached("b").build());
    views.tell(Views.of().with("a", InstanceState.RUNNING).detached("b").build());
    for (int i = 0; i < 10; i++) {
      ContextView kept = view();
      assertEquals(ProcessState.RUNNING, process(kept, "app:p").state());
      assertEquals(List.of("b"), process(kept, "app:p").identifiers());
      assertFalse(kept.processFailure("b"));
      try {
        Thread.sleep(30);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    // Its supervisord stops answering: now lost.
    views.tell(Views.of().with("a", InstanceState.RUNNING).with("b", InstanceState.SILENT).build());
    ContextView lost = awaitView(x -> process(x, "app:p").state() == ProcessState.FATAL);
    assertTrue(lost.processFailure("b"));
  }

  @Test
  void aSnapshotRequestIsAnsweredWithTheLocalProcesses() {
    start();
    context.tell(new Context.Local(new LocalProcessEvent.Snapshot("a", 1, List.of(info("app", "p", ProcessState.RUNNING)))));
    context.tell(new Context.Local(new LocalProcessEvent.Updated("a", 2, info("app", "q", ProcessState.STOPPED))));
    TestProbe<Context.Command> requester = testKit.kit().createTestProbe();
    context.tell(new Context.SnapshotRequest("b", requester.getRef()));
    Context.Remote reply = requester.expectMessageClass(Context.Remote.class);
    LocalProcessEvent.Snapshot snapshot = (LocalProcessEvent.Snapshot) reply.event();
    assertEquals(2, snapshot.seq());
    assertEquals(2, snapshot.processes().size());
  }

  @Test
  void aProcessRemovedEverywhereIsDeletedWithItsApplication() {
    start();
    context.tell(new Context.Local(new LocalProcessEvent.Snapshot("a", 1, List.of(info("grp", "x", ProcessState.STOPPED)))));
    awaitView(x -> x.application("grp").isPresent());
    context.tell(new Context.Local(new LocalProcessEvent.Removed("a", 2, "grp:x")));
    awaitView(x -> x.processInfos().isEmpty() && x.application("grp").isEmpty());
  }

  @Test
  void changesArePublishedOnTheTopics() {
    start();
    context.tell(new Context.Local(new LocalProcessEvent.Snapshot("a", 1, List.of(info("grp", "x", ProcessState.RUNNING)))));
    Topics.ProcessEvent process = Published.next(processChanges, Duration.ofSeconds(3));
    assertEquals("grp:x", ((Topics.ProcessChanged) process).status().namespec());
    assertEquals(ProcessState.RUNNING, ((Topics.ProcessChanged) process).status().displayedState());
    Topics.ApplicationEvent application = published(applicationChanges,
        e -> e instanceof Topics.ApplicationChanged);
    assertEquals("grp", ((Topics.ApplicationChanged) application).info().applicationName());
    context.tell(new Context.Local(new LocalProcessEvent.Removed("a", 2, "grp:x")));
    assertEquals(new Topics.ProcessRemoved("grp:x"), published(processChanges, e -> e instanceof Topics.ProcessRemoved));
    assertEquals(new Topics.ApplicationRemoved("grp"),
        published(applicationChanges, e -> e instanceof Topics.ApplicationRemoved));
  }

  private static <T> T published(TestProbe<Topic.Command<T>> topic, Predicate<T> wanted) {
    for (int i = 0; i < 20; i++) {
      T event = Published.next(topic, Duration.ofSeconds(3));
      if (wanted.test(event)) {
        return event;
      }
    }
    throw new AssertionError("never published");
  }

  /** A subscriber that stops is dropped: the changes after that are not sent to dead letters. */
  @Test
  void stoppedSubscribersAreDropped() {
    start();
    TestProbe<DeadLetter> deadLetters = testKit.kit().createTestProbe();
    testKit.kit().system().eventStream().tell(new EventStream.Subscribe<>(DeadLetter.class, deadLetters.getRef()));
    TestProbe<ProcessStatus> processes = testKit.kit().createTestProbe();
    TestProbe<Context.Conflicts> conflicts = testKit.kit().createTestProbe();
    TestProbe<Context.KnownInstances> known = testKit.kit().createTestProbe();
    context.tell(new Context.SubscribeProcesses(processes.getRef()));
    context.tell(new Context.SubscribeConflicts(conflicts.getRef()));
    context.tell(new Context.SubscribeKnown(known.getRef()));
    conflicts.receiveMessage();
    known.receiveMessage();
    processes.stop();
    conflicts.stop();
    known.stop();
    long[] seq = {0};
    deadLetters.awaitAssert(Duration.ofSeconds(5), () -> {
      seq[0]++;
      ProcessState state = seq[0] % 2 == 0 ? ProcessState.RUNNING : ProcessState.STOPPED;
      context.tell(new Context.Local(new LocalProcessEvent.Snapshot("a", seq[0], List.of(info("app", "p", state)))));
      awaitView(x -> x.processInfos().size() == 1 && process(x, "app:p").state() == state);
      // Before the subscribers' termination is handled, this fails and the loop tries again.
      deadLetters.expectNoMessage(Duration.ofMillis(300));
      return null;
    });
  }
}
