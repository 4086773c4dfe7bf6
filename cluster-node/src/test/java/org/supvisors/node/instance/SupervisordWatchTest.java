package org.supvisors.node.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import akka.actor.testkit.typed.javadsl.ManualTime;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.supvisors.node.config.InstanceAddress;
import org.supvisors.node.instance.SupervisordProbe.Verdict;
import org.supvisors.node.testkit.TestKitExtension;

class SupervisordWatchTest {

  @RegisterExtension static final TestKitExtension testKit = new TestKitExtension(ManualTime.config());

  private static final InstanceAddress REMOTE = new InstanceAddress("supv-02", "127.0.0.1", 61100, 61101, 61103, "127.0.0.1");
  private static final Duration INTERVAL = Duration.ofSeconds(1);
  private static final Duration GRACE = Duration.ofSeconds(30);
  private static final Duration MARGIN = Duration.ofSeconds(2);

  private final ManualTime time = ManualTime.get(testKit.kit().system());
  private final TestProbe<InstanceActor.Command> instance = testKit.kit().createTestProbe();
  private final BlockingQueue<CompletableFuture<Verdict>> probes = new LinkedBlockingQueue<>();

  private ActorRef<SupervisordWatch.Command> start(int generation, Duration grace) {
    return testKit.kit().spawn(SupervisordWatch.create(REMOTE, address -> {
      CompletableFuture<Verdict> answer = new CompletableFuture<>();
      probes.add(answer);
      return answer;
    }, new NodeLossSettings(Duration.ofMillis(500), INTERVAL, grace, MARGIN), instance.getRef(), generation));
  }

  /** Gives the verdict of the pending probe; the watch takes it (and arms what follows) before time passes. */
  private void verdict(Verdict verdict) throws InterruptedException {
    CompletableFuture<Verdict> next = probes.poll(3, TimeUnit.SECONDS);
    if (next == null) {
      throw new AssertionError("not probed");
    }
    next.complete(verdict);
    instance.expectNoMessage(Duration.ofMillis(30));
  }

  /** Lets the watch take a message before time passes. */
  private void settle() {
    instance.expectNoMessage(Duration.ofMillis(30));
  }

  private int lostWatch() {
    return instance.expectMessageClass(InstanceActor.SupervisordLost.class).watch();
  }

  @Test
  void probesAtOnceAndAgainAfterEachAnswerUntilRefused() throws InterruptedException {
    start(4, GRACE);
    verdict(Verdict.ANSWERS);
    assertNull(probes.poll());
    time.timePasses(INTERVAL);
    probes.poll(3, TimeUnit.SECONDS).complete(Verdict.REFUSED);
    assertEquals(4, lostWatch());
  }

  @Test
  void theGraceEndsTheWatchEvenIfTheSupervisordAnswers() throws InterruptedException {
    start(1, Duration.ofSeconds(3));
    for (int i = 0; i < 2; i++) {
      verdict(Verdict.ANSWERS);
      time.timePasses(INTERVAL);
    }
    verdict(Verdict.ANSWERS);
    time.timePasses(INTERVAL);
    assertEquals(1, lostWatch());
  }

  @Test
  void noAnswerKeepsProbingAndLosesTheInstanceOnlyTheMarginAfterTheRemoval() throws InterruptedException {
    ActorRef<SupervisordWatch.Command> watch = start(3, GRACE);
    verdict(Verdict.NO_ANSWER);
    time.timePasses(INTERVAL);
    verdict(Verdict.NO_ANSWER);
    instance.expectNoMessage(Duration.ofMillis(100));

    watch.tell(SupervisordWatch.MemberRemoved.INSTANCE);
    settle();
    time.timePasses(MARGIN.minusMillis(100));
    instance.expectNoMessage(Duration.ofMillis(100));
    time.timePasses(Duration.ofMillis(100));
    assertEquals(3, lostWatch());
    // The Split Brain Resolver decided: no probe after the removal.
    assertNull(probes.poll());
  }

  @Test
  void aRemovalBeforeTheFirstVerdictCountsForTheNoAnswerThatFollows() throws InterruptedException {
    ActorRef<SupervisordWatch.Command> watch = start(2, GRACE);
    watch.tell(SupervisordWatch.MemberRemoved.INSTANCE);
    settle();
    verdict(Verdict.NO_ANSWER);
    time.timePasses(MARGIN);
    assertEquals(2, lostWatch());
  }

  @Test
  void aRemovalWhileTheSupervisordAnswersChangesNothing() throws InterruptedException {
    // A node that died beside its live supervisord is downed too, and it stopped nothing.
    ActorRef<SupervisordWatch.Command> watch = start(1, GRACE);
    verdict(Verdict.ANSWERS);
    watch.tell(SupervisordWatch.MemberRemoved.INSTANCE);
    settle();
    time.timePasses(INTERVAL);
    verdict(Verdict.NO_ANSWER);
    time.timePasses(MARGIN);
    instance.expectNoMessage(Duration.ofMillis(100));
    // Without a removal that followed no answer, only the grace ends it.
    for (Duration passed = INTERVAL.plus(MARGIN); passed.compareTo(GRACE) < 0; passed = passed.plus(INTERVAL)) {
      probes.poll(3, TimeUnit.SECONDS).complete(Verdict.NO_ANSWER);
      settle();
      time.timePasses(INTERVAL);
    }
    assertEquals(1, lostWatch());
  }

  @Test
  void anAnswerAfterNoAnswerMeansTheLinkIsBack() throws InterruptedException {
    ActorRef<SupervisordWatch.Command> watch = start(1, GRACE);
    verdict(Verdict.NO_ANSWER);
    time.timePasses(INTERVAL);
    verdict(Verdict.ANSWERS);
    watch.tell(SupervisordWatch.MemberRemoved.INSTANCE);
    settle();
    time.timePasses(MARGIN);
    instance.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void aRefusalAfterNoAnswerIsAHostBackWithoutItsSupervisord() throws InterruptedException {
    start(5, GRACE);
    verdict(Verdict.NO_ANSWER);
    time.timePasses(INTERVAL);
    probes.poll(3, TimeUnit.SECONDS).complete(Verdict.REFUSED);
    assertEquals(5, lostWatch());
  }

  @Test
  void aFailedProbeIsNoAnswer() {
    ActorRef<SupervisordWatch.Command> watch = testKit.kit().spawn(SupervisordWatch.create(REMOTE,
        address -> CompletableFuture.failedFuture(new RuntimeException("boom")),
        new NodeLossSettings(Duration.ofMillis(500), INTERVAL, GRACE, MARGIN), instance.getRef(), 2));
    instance.expectNoMessage(Duration.ofMillis(100));
    watch.tell(SupervisordWatch.MemberRemoved.INSTANCE);
    settle();
    time.timePasses(MARGIN);
    assertEquals(2, lostWatch());
  }
}
