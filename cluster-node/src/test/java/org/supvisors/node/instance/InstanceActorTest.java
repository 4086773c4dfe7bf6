package org.supvisors.node.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.supvisors.node.config.InstanceAddress;
import org.supvisors.node.testkit.TestKitExtension;
import org.supvisors.protocol.InstanceState;
import org.supvisors.protocol.StateModes;
import org.supvisors.protocol.SupvisorsState;

class InstanceActorTest {

  @RegisterExtension static final TestKitExtension testKit = new TestKitExtension();

  private static final InstanceAddress REMOTE = new InstanceAddress("supv-02", "127.0.0.1", 61100, 61101, 61103, "127.0.0.1");
  private static final InstanceAddress LOCAL = new InstanceAddress("supv-01", "127.0.0.1", 61000, 61001, 61003, "127.0.0.1");
  private static final NodeLossSettings NODE_LOSS =
      new NodeLossSettings(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(2));
  private static final StateModes OPERATING = new StateModes(SupvisorsState.OPERATION, false, "supv-01", false, false);

  private final TestProbe<Instances.Command> parent = testKit.kit().createTestProbe();
  private final TestProbe<Instances.Command> peer = testKit.kit().createTestProbe();

  private ActorRef<InstanceActor.Command> spawn(InstanceAddress address, Duration checkTimeout) {
    // A supervisord that refuses connections: a lost node is a lost host (InstanceNodeLossTest covers the rest).
    return testKit.kit().spawn(InstanceActor.create(parent.getRef(), address, "supv-01", 2, checkTimeout,
        a -> CompletableFuture.completedFuture(SupervisordProbe.Verdict.REFUSED), NODE_LOSS));
  }

  private InstanceState nextState() {
    Instances.InstanceChanged changed = parent.expectMessageClass(Instances.InstanceChanged.class);
    return changed.info().state();
  }

  /** Skips reports until the given state is reported, failing after a bounded number. */
  private void expectState(InstanceState expected) {
    for (int i = 0; i < 10; i++) {
      if (nextState() == expected) {
        return;
      }
    }
    throw new AssertionError("state " + expected + " never reported");
  }

  private ActorRef<InstanceActor.Command> runningRemote() {
    ActorRef<InstanceActor.Command> instance = spawn(REMOTE, Duration.ofSeconds(3));
    expectState(InstanceState.UNKNOWN);
    instance.tell(new InstanceActor.MemberUp(peer.getRef()));
    instance.tell(new InstanceActor.Heartbeat(1, 1000, OPERATING, true));
    expectState(InstanceState.CHECKING);
    Instances.CheckInstance check = peer.expectMessageClass(Instances.CheckInstance.class);
    assertEquals("supv-01", check.askerIdentifier());
    check.replyTo().tell(new Instances.CheckReply(InstanceState.RUNNING, OPERATING));
    expectState(InstanceState.CHECKED);
    instance.tell(new InstanceActor.Activate());
    expectState(InstanceState.RUNNING);
    return instance;
  }

  @Test
  void aTickingMemberIsCheckedThenRunning() {
    runningRemote();
  }

  @Test
  void aMemberIsNotCheckedBeforeItTicks() {
    ActorRef<InstanceActor.Command> instance = spawn(REMOTE, Duration.ofSeconds(3));
    expectState(InstanceState.UNKNOWN);
    instance.tell(new InstanceActor.MemberUp(peer.getRef()));
    peer.expectNoMessage(Duration.ofMillis(200));
    instance.tell(new InstanceActor.Heartbeat(1, 1000, OPERATING, true));
    peer.expectMessageClass(Instances.CheckInstance.class);
  }

  @Test
  void aNodeThatIsolatedUsIsIsolatedInReturn() {
    ActorRef<InstanceActor.Command> instance = spawn(REMOTE, Duration.ofSeconds(3));
    instance.tell(new InstanceActor.MemberUp(peer.getRef()));
    instance.tell(new InstanceActor.Heartbeat(1, 1000, OPERATING, true));
    peer.expectMessageClass(Instances.CheckInstance.class)
        .replyTo().tell(new Instances.CheckReply(InstanceState.ISOLATED, OPERATING));
    expectState(InstanceState.ISOLATING);
    instance.tell(new InstanceActor.LocalTick(1, true));
    expectState(InstanceState.ISOLATED);
  }

  @Test
  void aFailedHandshakeGoesBackToUnknownAndIsRetriedAtTheNextTick() {
    ActorRef<InstanceActor.Command> instance = spawn(REMOTE, Duration.ofMillis(200));
    instance.tell(new InstanceActor.MemberUp(peer.getRef()));
    instance.tell(new InstanceActor.Heartbeat(1, 1000, OPERATING, true));
    peer.expectMessageClass(Instances.CheckInstance.class);
    expectState(InstanceState.CHECKING);
    expectState(InstanceState.UNKNOWN);
    instance.tell(new InstanceActor.Heartbeat(2, 1005, OPERATING, true));
    peer.expectMessageClass(Instances.CheckInstance.class);
  }

  @Test
  void anUnreachableMemberIsSilentAndComesBackThroughChecking() {
    ActorRef<InstanceActor.Command> instance = runningRemote();
    instance.tell(new InstanceActor.MemberLost(false));
    Instances.InstanceChanged changed = parent.expectMessageClass(Instances.InstanceChanged.class);
    assertEquals(InstanceState.SILENT, changed.info().state());
    assertEquals(SupvisorsState.OFF, changed.info().stateModes().fsmState());
    instance.tell(new InstanceActor.MemberUp(peer.getRef()));
    instance.tell(new InstanceActor.Heartbeat(7, 1030, OPERATING, true));
    expectState(InstanceState.CHECKING);
  }

  @Test
  void aNewIncarnationThatFlapsBeforeTickingIsStillChecked() {
    ActorRef<InstanceActor.Command> instance = runningRemote();
    instance.tell(new InstanceActor.MemberLost(false));
    expectState(InstanceState.SILENT);
    // The restarted node is Up, then unreachable for a moment (a JVM busy starting), then reachable again.
    instance.tell(new InstanceActor.MemberUp(peer.getRef()));
    instance.tell(new InstanceActor.MemberLost(false));
    instance.tell(new InstanceActor.MemberReachable());
    instance.tell(new InstanceActor.Heartbeat(1, 1040, OPERATING, true));
    peer.expectMessageClass(Instances.CheckInstance.class);
    expectState(InstanceState.CHECKING);
  }

  @Test
  void noTickForMoreThanInactivityTicksMakesItSilent() {
    ActorRef<InstanceActor.Command> instance = runningRemote();
    instance.tell(new InstanceActor.LocalTick(1, false));
    instance.tell(new InstanceActor.LocalTick(2, false));
    parent.expectNoMessage(Duration.ofMillis(200));
    instance.tell(new InstanceActor.LocalTick(3, false));
    expectState(InstanceState.SILENT);
  }

  @Test
  void ticksKeepItRunning() {
    ActorRef<InstanceActor.Command> instance = runningRemote();
    for (int tick = 1; tick <= 6; tick++) {
      instance.tell(new InstanceActor.LocalTick(tick, false));
      instance.tell(new InstanceActor.Heartbeat(tick + 1, 1000 + tick, OPERATING, true));
    }
    for (int i = 0; i < 6; i++) {
      assertEquals(InstanceState.RUNNING, nextState());
    }
  }

  @Test
  void withAutoFenceALostInstanceIsIsolatedForGood() {
    ActorRef<InstanceActor.Command> instance = runningRemote();
    instance.tell(new InstanceActor.MemberLost(true));
    expectState(InstanceState.ISOLATING);
    instance.tell(new InstanceActor.LocalTick(1, true));
    expectState(InstanceState.ISOLATED);
    instance.tell(new InstanceActor.MemberUp(peer.getRef()));
    instance.tell(new InstanceActor.Heartbeat(1, 2000, OPERATING, true));
    peer.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void theLocalInstanceIsNeverIsolated() {
    ActorRef<InstanceActor.Command> instance = spawn(LOCAL, Duration.ofSeconds(3));
    instance.tell(new InstanceActor.MemberUp(peer.getRef()));
    instance.tell(new InstanceActor.Heartbeat(1, 1000, StateModes.OFF, true));
    peer.expectMessageClass(Instances.CheckInstance.class)
        .replyTo().tell(new Instances.CheckReply(InstanceState.CHECKING, StateModes.OFF));
    expectState(InstanceState.CHECKED);
    instance.tell(new InstanceActor.MemberLost(true));
    expectState(InstanceState.SILENT);
  }

  @Test
  void aResetSendsAnActiveInstanceBackToUnknown() {
    ActorRef<InstanceActor.Command> instance = runningRemote();
    instance.tell(new InstanceActor.Reset());
    expectState(InstanceState.UNKNOWN);
  }

  @Test
  void leavingInitializationInvalidatesAnUnknownInstance() {
    ActorRef<InstanceActor.Command> instance = spawn(REMOTE, Duration.ofSeconds(3));
    expectState(InstanceState.UNKNOWN);
    instance.tell(new InstanceActor.Invalidate(false));
    expectState(InstanceState.SILENT);
  }

  @Test
  void aTickCounterGoingBackwardsIsARestartedNodeCheckedAgainWithoutBeingLost() {
    ActorRef<InstanceActor.Command> instance = runningRemote();
    instance.tell(new InstanceActor.Heartbeat(5, 1010, OPERATING, true));
    assertEquals(InstanceState.RUNNING, nextState());
    instance.tell(new InstanceActor.Heartbeat(1, 1020, OPERATING, true));
    // A node that ticks has a supervisord that answers: its processes must not be declared lost.
    assertEquals(InstanceState.CHECKING, nextState());
    peer.expectMessageClass(Instances.CheckInstance.class)
        .replyTo().tell(new Instances.CheckReply(InstanceState.UNKNOWN, OPERATING));
    assertEquals(InstanceState.CHECKED, nextState());
  }
}
