package org.supvisors.node.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ManualTime;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.supvisors.node.config.InstanceAddress;
import org.supvisors.node.instance.SupervisordProbe.Verdict;
import org.supvisors.node.testkit.TestKitExtension;
import org.supvisors.protocol.InstanceState;
import org.supvisors.protocol.StateModes;
import org.supvisors.protocol.SupvisorsState;

/**
 * A lost node is not a lost host: the supervisord of a lost node is probed before its processes are lost; when it
 * does not answer (a dead host or a partition), they are lost once the Split Brain Resolver removed the member.
 */
class InstanceNodeLossTest {

  @RegisterExtension static final TestKitExtension testKit = new TestKitExtension(ManualTime.config());

  private static final InstanceAddress REMOTE = new InstanceAddress("supv-02", "127.0.0.1", 61100, 61101, 61103, "127.0.0.1");
  private static final StateModes OPERATING = new StateModes(SupvisorsState.OPERATION, false, "supv-01", false, false);
  private static final Duration INTERVAL = Duration.ofSeconds(1);
  private static final Duration GRACE = Duration.ofSeconds(30);
  private static final Duration MARGIN = Duration.ofSeconds(2);

  private final ManualTime time = ManualTime.get(testKit.kit().system());
  private final TestProbe<Instances.Command> parent = testKit.kit().createTestProbe();
  private final TestProbe<Instances.Command> peer = testKit.kit().createTestProbe();
  /** The probes asked by the actor, each answered by the test. */
  private final BlockingQueue<CompletableFuture<Verdict>> probes = new LinkedBlockingQueue<>();

  private CompletionStage<Verdict> probe(InstanceAddress address) {
    assertEquals(REMOTE, address);
    CompletableFuture<Verdict> answer = new CompletableFuture<>();
    probes.add(answer);
    return answer;
  }

  private CompletableFuture<Verdict> nextProbe() {
    try {
      CompletableFuture<Verdict> next = probes.poll(3, TimeUnit.SECONDS);
      if (next == null) {
        throw new AssertionError("the supervisord was not probed");
      }
      return next;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Answers a probe and lets the actor take the answer (and arm its next probe) before time passes. */
  private void answer(Verdict verdict) {
    nextProbe().complete(verdict);
    parent.expectNoMessage(Duration.ofMillis(30));
  }

  private Instances.InstanceChanged nextReport() {
    return parent.expectMessageClass(Instances.InstanceChanged.class);
  }

  private void expectReport(InstanceState state, boolean detached) {
    Instances.InstanceChanged changed = nextReport();
    assertEquals(state, changed.info().state());
    assertEquals(detached, changed.detached(), "detached in " + changed);
  }

  private ActorRef<InstanceActor.Command> runningRemote(Duration grace) {
    ActorRef<InstanceActor.Command> instance = testKit.kit().spawn(InstanceActor.create(
        parent.getRef(), REMOTE, "supv-01", 2, Duration.ofSeconds(3), this::probe,
        new NodeLossSettings(Duration.ofMillis(500), INTERVAL, grace, MARGIN)));
    expectReport(InstanceState.UNKNOWN, false);
    instance.tell(new InstanceActor.MemberUp(peer.getRef()));
    instance.tell(new InstanceActor.Heartbeat(10, 1000, OPERATING, true));
    expectReport(InstanceState.CHECKING, false);
    peer.expectMessageClass(Instances.CheckInstance.class)
        .replyTo().tell(new Instances.CheckReply(InstanceState.RUNNING, OPERATING));
    expectReport(InstanceState.CHECKED, false);
    instance.tell(new InstanceActor.Activate());
    expectReport(InstanceState.RUNNING, false);
    return instance;
  }

  @Test
  void aLostNodeWhoseSupervisordAnswersIsSilentWithItsProcessesKeptAndIsProbedUntilItComesBack() {
    ActorRef<InstanceActor.Command> instance = runningRemote(GRACE);
    instance.tell(new InstanceActor.MemberLost(false));
    Instances.InstanceChanged silent = nextReport();
    assertEquals(InstanceState.SILENT, silent.info().state());
    assertTrue(silent.detached());
    assertEquals(SupvisorsState.OFF, silent.info().stateModes().fsmState());
    answer(Verdict.ANSWERS);
    parent.expectNoMessage(Duration.ofMillis(100));
    assertNull(probes.poll());
    time.timePasses(INTERVAL);
    answer(Verdict.ANSWERS);
    parent.expectNoMessage(Duration.ofMillis(100));

    // The restarted node joins and ticks from 1 again: checked again, no longer detached once CHECKED.
    instance.tell(new InstanceActor.MemberUp(peer.getRef()));
    instance.tell(new InstanceActor.Heartbeat(1, 1050, OPERATING, true));
    expectReport(InstanceState.CHECKING, true);
    peer.expectMessageClass(Instances.CheckInstance.class)
        .replyTo().tell(new Instances.CheckReply(InstanceState.UNKNOWN, OPERATING));
    expectReport(InstanceState.CHECKED, false);
    instance.tell(new InstanceActor.Activate());
    expectReport(InstanceState.RUNNING, false);
    // Neither the probes nor the grace outlive the detachment.
    time.timePasses(GRACE.plus(INTERVAL));
    parent.expectNoMessage(Duration.ofMillis(100));
    assertNull(probes.poll());
  }

  @Test
  void aSupervisordThatRefusesLaterLosesTheInstance() {
    ActorRef<InstanceActor.Command> instance = runningRemote(GRACE);
    instance.tell(new InstanceActor.MemberLost(false));
    expectReport(InstanceState.SILENT, true);
    answer(Verdict.ANSWERS);
    time.timePasses(INTERVAL);
    nextProbe().complete(Verdict.REFUSED);
    expectReport(InstanceState.SILENT, false);
    time.timePasses(INTERVAL);
    assertNull(probes.poll());
  }

  @Test
  void aSupervisordThatRefusesAtOnceIsALostHost() {
    ActorRef<InstanceActor.Command> instance = runningRemote(GRACE);
    instance.tell(new InstanceActor.MemberLost(false));
    expectReport(InstanceState.SILENT, true);
    nextProbe().complete(Verdict.REFUSED);
    expectReport(InstanceState.SILENT, false);
  }

  @Test
  void withAutoFenceADetachedInstanceIsNotIsolatedButALostHostIs() {
    ActorRef<InstanceActor.Command> instance = runningRemote(GRACE);
    instance.tell(new InstanceActor.MemberLost(true));
    expectReport(InstanceState.SILENT, true);
    answer(Verdict.ANSWERS);
    instance.tell(new InstanceActor.LocalTick(1, true));
    parent.expectNoMessage(Duration.ofMillis(100));
    time.timePasses(INTERVAL);
    nextProbe().complete(Verdict.REFUSED);
    expectReport(InstanceState.ISOLATING, false);
    instance.tell(new InstanceActor.LocalTick(2, true));
    expectReport(InstanceState.ISOLATED, false);
  }

  @Test
  void aNodeNotBackWithinTheGraceIsLostEvenIfItsSupervisordAnswers() {
    ActorRef<InstanceActor.Command> instance = runningRemote(Duration.ofSeconds(5));
    instance.tell(new InstanceActor.MemberLost(false));
    expectReport(InstanceState.SILENT, true);
    for (int i = 0; i < 4; i++) {
      answer(Verdict.ANSWERS);
      time.timePasses(INTERVAL);
    }
    answer(Verdict.ANSWERS);
    time.timePasses(INTERVAL);
    expectReport(InstanceState.SILENT, false);
  }

  @Test
  void aZeroGraceKeepsTheProcessesAsLongAsTheSupervisordAnswers() {
    ActorRef<InstanceActor.Command> instance = runningRemote(Duration.ZERO);
    instance.tell(new InstanceActor.MemberLost(false));
    expectReport(InstanceState.SILENT, true);
    for (int i = 0; i < 10; i++) {
      answer(Verdict.ANSWERS);
      time.timePasses(INTERVAL);
    }
    parent.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void theRemovalAfterTheUnreachabilityDoesNotProbeTwice() {
    ActorRef<InstanceActor.Command> instance = runningRemote(GRACE);
    instance.tell(new InstanceActor.MemberLost(false));
    expectReport(InstanceState.SILENT, true);
    CompletableFuture<Verdict> first = nextProbe();
    instance.tell(new InstanceActor.MemberRemoved(false));
    instance.tell(new InstanceActor.Invalidate(false));
    parent.expectNoMessage(Duration.ofMillis(100));
    assertNull(probes.poll());
    first.complete(Verdict.ANSWERS);
    parent.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void anInactiveInstanceIsProbedToo() {
    // Its node may be dead before Akka says so: no tick for inactivity_ticks, its supervisord is asked as well.
    ActorRef<InstanceActor.Command> instance = runningRemote(GRACE);
    instance.tell(new InstanceActor.LocalTick(1, false));
    instance.tell(new InstanceActor.LocalTick(2, false));
    instance.tell(new InstanceActor.LocalTick(3, false));
    expectReport(InstanceState.SILENT, true);
    nextProbe().complete(Verdict.REFUSED);
    expectReport(InstanceState.SILENT, false);
  }

  @Test
  void aNodeLostAgainWhileCheckedAgainIsProbedAgain() {
    ActorRef<InstanceActor.Command> instance = runningRemote(GRACE);
    instance.tell(new InstanceActor.MemberLost(false));
    expectReport(InstanceState.SILENT, true);
    answer(Verdict.ANSWERS);
    instance.tell(new InstanceActor.MemberUp(peer.getRef()));
    instance.tell(new InstanceActor.Heartbeat(1, 1050, OPERATING, true));
    expectReport(InstanceState.CHECKING, true);
    instance.tell(new InstanceActor.MemberLost(false));
    expectReport(InstanceState.SILENT, true);
    nextProbe().complete(Verdict.REFUSED);
    expectReport(InstanceState.SILENT, false);
  }

  @Test
  void noAnswerKeepsTheProcessesUntilTheRemovalOfTheMemberAndTheMargin() {
    ActorRef<InstanceActor.Command> instance = runningRemote(GRACE);
    instance.tell(new InstanceActor.MemberLost(false));
    expectReport(InstanceState.SILENT, true);
    answer(Verdict.NO_ANSWER);
    time.timePasses(INTERVAL);
    answer(Verdict.NO_ANSWER);
    parent.expectNoMessage(Duration.ofMillis(100));

    // SBR downed it: the other side has downed itself, and has the margin to stop what is failed over here.
    instance.tell(new InstanceActor.MemberRemoved(false));
    parent.expectNoMessage(Duration.ofMillis(100));
    time.timePasses(MARGIN.minusMillis(1));
    parent.expectNoMessage(Duration.ofMillis(100));
    time.timePasses(Duration.ofMillis(1));
    expectReport(InstanceState.SILENT, false);
  }

  @Test
  void withAutoFenceAnInstanceLostAfterTheRemovalIsIsolated() {
    ActorRef<InstanceActor.Command> instance = runningRemote(GRACE);
    instance.tell(new InstanceActor.MemberLost(true));
    expectReport(InstanceState.SILENT, true);
    answer(Verdict.NO_ANSWER);
    instance.tell(new InstanceActor.MemberRemoved(true));
    parent.expectNoMessage(Duration.ofMillis(100));
    time.timePasses(MARGIN);
    expectReport(InstanceState.ISOLATING, false);
  }

  @Test
  void aRemovalWithoutUnreachabilityIsALossToo() {
    ActorRef<InstanceActor.Command> instance = runningRemote(GRACE);
    instance.tell(new InstanceActor.MemberRemoved(false));
    expectReport(InstanceState.SILENT, true);
    answer(Verdict.NO_ANSWER);
    time.timePasses(MARGIN);
    expectReport(InstanceState.SILENT, false);
  }

  @Test
  void aMemberReachableAgainBeforeTheRemovalIsCheckedAgainWithItsProcesses() {
    // The partition healed before SBR decided: nobody was downed, nothing stopped, nothing is lost.
    ActorRef<InstanceActor.Command> instance = runningRemote(GRACE);
    instance.tell(new InstanceActor.MemberLost(false));
    expectReport(InstanceState.SILENT, true);
    answer(Verdict.NO_ANSWER);
    instance.tell(new InstanceActor.MemberReachable());
    instance.tell(new InstanceActor.Heartbeat(11, 1010, OPERATING, true));
    expectReport(InstanceState.CHECKING, true);
    peer.expectMessageClass(Instances.CheckInstance.class)
        .replyTo().tell(new Instances.CheckReply(InstanceState.RUNNING, OPERATING));
    expectReport(InstanceState.CHECKED, false);
    time.timePasses(GRACE.plus(MARGIN));
    parent.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void aRemovalWhileTheSupervisordAnswersKeepsTheProcesses() {
    // A node that died beside its supervisord is downed too; it stopped nothing.
    ActorRef<InstanceActor.Command> instance = runningRemote(GRACE);
    instance.tell(new InstanceActor.MemberLost(false));
    expectReport(InstanceState.SILENT, true);
    answer(Verdict.ANSWERS);
    instance.tell(new InstanceActor.MemberRemoved(false));
    parent.expectNoMessage(Duration.ofMillis(100));
    time.timePasses(MARGIN);
    parent.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void theNextIncarnationIsCheckedThroughItsOwnTableNotTheRemovedOne() {
    ActorRef<InstanceActor.Command> instance = runningRemote(GRACE);
    instance.tell(new InstanceActor.MemberLost(false));
    expectReport(InstanceState.SILENT, true);
    answer(Verdict.ANSWERS);
    instance.tell(new InstanceActor.MemberRemoved(false));
    // The restarted node ticks before its table is listed here: no handshake with the removed one's table.
    instance.tell(new InstanceActor.Heartbeat(1, 1050, OPERATING, true));
    parent.expectNoMessage(Duration.ofMillis(100));
    peer.expectNoMessage(Duration.ofMillis(10));
    TestProbe<Instances.Command> newPeer = testKit.kit().createTestProbe();
    instance.tell(new InstanceActor.MemberUp(newPeer.getRef()));
    expectReport(InstanceState.CHECKING, true);
    newPeer.expectMessageClass(Instances.CheckInstance.class)
        .replyTo().tell(new Instances.CheckReply(InstanceState.UNKNOWN, OPERATING));
    expectReport(InstanceState.CHECKED, false);
  }
}
