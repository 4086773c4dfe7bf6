package org.supvisors.node.instance;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.BehaviorBuilder;
import java.time.Duration;
import java.util.EnumSet;
import org.supvisors.node.config.InstanceAddress;
import org.supvisors.protocol.InstanceInfo;
import org.supvisors.protocol.InstanceState;
import org.supvisors.protocol.StateModes;

/**
 * The state of one Supvisors instance as this node sees it: UNKNOWN, CHECKING, CHECKED, RUNNING,
 * SILENT, ISOLATING, ISOLATED (the manual's section 8.1). One method per state; every change is
 * reported to the parent table, which owns the cluster plumbing.
 *
 * <p>An instance is checked once its node is a cluster member and has sent a tick (that is, its
 * supervisord answers): the handshake asks the remote node how it sees us, and a node that has
 * isolated us is isolated in return. An instance goes SILENT (or ISOLATING with auto-fencing while
 * the Master works) when Akka declares it unreachable, when it leaves the cluster, or when no tick
 * came for more than {@code inactivity_ticks} local ticks. ISOLATED is terminal.
 *
 * <p>A node that Akka loses is not yet a lost host: supervisord restarts a node that dies, and the processes it
 * ran still run. So the instance goes SILENT <em>detached</em>: its processes are kept as last known (not declared
 * lost, hence no failover) while a child {@link SupervisordWatch} probes its supervisord, at once and then every
 * {@code probe_interval}, and is told when Akka removes the member. The watch's verdict makes the instance lost as
 * before (SILENT, or ISOLATING with auto-fencing): a refused connection at once; no answer once the Split Brain
 * Resolver removed the member, plus {@code removal_margin} (in a partition the other side has downed itself and
 * stopped what is failed over here); in any case a node not back within {@code grace}. The node coming back is
 * checked again and its snapshot refreshes the kept processes. An instance inactive (no tick) is probed the same
 * way: its node may be dead before Akka says so; if its node lives and its supervisord does not, the probe is
 * refused at once.
 */
public final class InstanceActor {

  /** Messages an instance actor accepts; all come from its parent table. */
  public sealed interface Command {}

  /** The instance's node is an Up cluster member reachable through {@code peer}. */
  public record MemberUp(ActorRef<Instances.Command> peer) implements Command {}

  /** Akka lost it: unreachable, downed or exiting. {@code fence}: auto-fencing applies now. */
  public record MemberLost(boolean fence) implements Command {}

  /**
   * Akka removed it: a loss too, and for a supervisord that does not answer, the Split Brain Resolver's verdict
   * that the other side of a partition downed itself.
   */
  public record MemberRemoved(boolean fence) implements Command {}

  /** Akka sees it again after an unreachability. */
  public record MemberReachable() implements Command {}

  /** A tick or a state-modes change declared by the instance itself. */
  public record Heartbeat(int counter, long remoteTime, StateModes modes, boolean tick)
      implements Command {}

  /** A tick of the local node: drives the inactivity check and the end of isolation. */
  public record LocalTick(int localCounter, boolean fence) implements Command {}

  /** Entering INITIALIZATION: CHECKING, CHECKED and RUNNING go back to UNKNOWN. */
  public record Reset() implements Command {}

  /** Leaving INITIALIZATION: an instance still UNKNOWN is declared lost. */
  public record Invalidate(boolean fence) implements Command {}

  /** CHECKED becomes RUNNING. */
  public record Activate() implements Command {}

  private record CheckDone(Instances.CheckReply reply) implements Command {}

  private record CheckFailed(String reason) implements Command {}

  /** The verdict of the {@link SupervisordWatch} number {@code watch}: the instance is lost. */
  record SupervisordLost(int watch, String reason) implements Command {}

  private static final EnumSet<InstanceState> SEEN_AS_ISOLATED =
      EnumSet.of(InstanceState.ISOLATING, InstanceState.ISOLATED);

  private final ActorContext<Command> context;
  private final ActorRef<Instances.Command> parent;
  private final InstanceAddress address;
  private final String localIdentifier;
  private final int inactivityTicks;
  private final Duration checkTimeout;
  private final SupervisordProbe probe;
  private final NodeLossSettings nodeLoss;

  // Mutable data shared by every state behaviour; transitions are the returned behaviours.
  private InstanceState state = InstanceState.UNKNOWN;
  private ActorRef<Instances.Command> peer;
  private boolean ticked;
  private int sequenceCounter;
  private long remoteTime;
  private long localTime;
  private int localCounter;
  private int localCounterAtLastTick;
  private StateModes modes = StateModes.OFF;
  /** Its node is away but its supervisord answered: its processes are kept, not lost. */
  private boolean detached;
  /** The watch of its supervisord while it is SILENT detached, and how many were started. */
  private ActorRef<SupervisordWatch.Command> watch;
  private int watches;
  /** Whether auto-fencing applied at the latest news: a detached instance found lost later is fenced by it. */
  private boolean fence;

  public static Behavior<Command> create(
      ActorRef<Instances.Command> parent,
      InstanceAddress address,
      String localIdentifier,
      int inactivityTicks,
      Duration checkTimeout,
      SupervisordProbe probe,
      NodeLossSettings nodeLoss) {
    return Behaviors.setup(
        context -> new InstanceActor(context, parent, address, localIdentifier, inactivityTicks, checkTimeout,
            probe, nodeLoss).unknown());
  }

  private InstanceActor(
      ActorContext<Command> context,
      ActorRef<Instances.Command> parent,
      InstanceAddress address,
      String localIdentifier,
      int inactivityTicks,
      Duration checkTimeout,
      SupervisordProbe probe,
      NodeLossSettings nodeLoss) {
    this.context = context;
    this.probe = probe;
    this.nodeLoss = nodeLoss;
    context.setLoggerName(InstanceActor.class);
    this.parent = parent;
    this.address = address;
    this.localIdentifier = localIdentifier;
    this.inactivityTicks = inactivityTicks;
    this.checkTimeout = checkTimeout;
  }

  private boolean isLocal() {
    return address.identifier().equals(localIdentifier);
  }

  // ---------------------------------------------------------------- states

  private Behavior<Command> unknown() {
    return enter(InstanceState.UNKNOWN, waitingForCheck().build());
  }

  private Behavior<Command> silent() {
    return enter(InstanceState.SILENT, waitingForCheck().build());
  }

  /** UNKNOWN and SILENT wait for the same thing: a member that ticks. */
  private BehaviorBuilder<Command> waitingForCheck() {
    return common()
        .onMessage(MemberUp.class, m -> onMemberUpWaiting(m))
        .onMessage(MemberReachable.class, m -> checkIfReady())
        .onMessage(Heartbeat.class, m -> onHeartbeatWaiting(m))
        .onMessage(LocalTick.class, m -> onLocalTick(m, false))
        .onMessage(MemberLost.class, m -> onMemberLostWhileWaiting(m.fence()))
        .onMessage(MemberRemoved.class, m -> removed(onMemberLostWhileWaiting(m.fence())))
        .onMessage(Invalidate.class, m -> onInvalidate(m.fence()))
        .onMessage(Reset.class, m -> Behaviors.same())
        .onMessage(Activate.class, m -> Behaviors.same());
  }

  private Behavior<Command> checking() {
    Behavior<Command> behavior = connected()
        .onMessage(CheckDone.class, m -> onCheckDone(m.reply()))
        .onMessage(CheckFailed.class, m -> onCheckFailed(m.reason()))
        .onMessage(Activate.class, m -> Behaviors.same())
        .build();
    startHandshake();
    return enter(InstanceState.CHECKING, behavior);
  }

  private Behavior<Command> checked() {
    return enter(
        InstanceState.CHECKED,
        active().onMessage(Activate.class, m -> running()).build());
  }

  private Behavior<Command> running() {
    return enter(
        InstanceState.RUNNING,
        active().onMessage(Activate.class, m -> Behaviors.same()).build());
  }

  /** CHECKED and RUNNING: the instance is in; a late handshake answer changes nothing. */
  private BehaviorBuilder<Command> active() {
    return connected()
        .onMessage(CheckDone.class, m -> Behaviors.same())
        .onMessage(CheckFailed.class, m -> Behaviors.same());
  }

  /** CHECKING, CHECKED and RUNNING: it only leaves when lost, inactive or on a reset. */
  private BehaviorBuilder<Command> connected() {
    return common()
        .onMessage(Heartbeat.class, this::onHeartbeat)
        .onMessage(LocalTick.class, m -> onLocalTick(m, true))
        .onMessage(MemberUp.class, this::onMemberUp)
        .onMessage(MemberReachable.class, m -> Behaviors.same())
        .onMessage(MemberLost.class, m -> onNodeLost(m.fence()))
        .onMessage(MemberRemoved.class, m -> removed(onNodeLost(m.fence())))
        .onMessage(Invalidate.class, m -> Behaviors.same())
        .onMessage(Reset.class, m -> unknown());
  }

  private Behavior<Command> isolating() {
    return enter(
        InstanceState.ISOLATING,
        common()
            .onMessage(LocalTick.class, m -> isolated())
            .onMessage(Command.class, m -> Behaviors.same())
            .build());
  }

  /**
   * Terminal. Only this node's view changes: downing the other node here would let a fenced node
   * that comes back down the healthy ones; a lost node is downed when it stays unreachable.
   */
  private Behavior<Command> isolated() {
    return enter(
        InstanceState.ISOLATED,
        common().onMessage(Command.class, m -> Behaviors.same()).build());
  }

  /** Every state: the verdict of a supervisord watch, which only matters while the instance is SILENT detached. */
  private BehaviorBuilder<Command> common() {
    return Behaviors.receive(Command.class)
        .onMessage(SupervisordLost.class, this::onSupervisordLost);
  }

  // ---------------------------------------------------------------- handlers

  private Behavior<Command> onMemberUpWaiting(MemberUp m) {
    peer = m.peer();
    return checkIfReady();
  }

  private Behavior<Command> onMemberUp(MemberUp m) {
    peer = m.peer();
    return Behaviors.same();
  }

  private Behavior<Command> onHeartbeatWaiting(Heartbeat m) {
    recordHeartbeat(m);
    return checkIfReady();
  }

  private Behavior<Command> onHeartbeat(Heartbeat m) {
    if (m.tick() && m.counter() < sequenceCounter) {
      // A counter going backwards is a node that restarted behind our back, and a node that ticks has a
      // supervisord that answers: check it again, its processes kept (its snapshot will refresh them).
      context.getLog().warn("instance {} restarted (tick {} after {}): checked again", address.identifier(), m.counter(), sequenceCounter);
      recordHeartbeat(m);
      return checking();
    }
    recordHeartbeat(m);
    report();
    return Behaviors.same();
  }

  private Behavior<Command> onMemberLostWhileWaiting(boolean fence) {
    // The peer is kept: an unreachable member that becomes reachable again sends no new MemberUp, and a removed
    // one sends no heartbeat, so a handshake is only started toward a member that ticks.
    this.fence = fence;
    if (detached) {
      return state == InstanceState.SILENT ? Behaviors.same() : onNodeLost(fence);
    }
    return state == InstanceState.UNKNOWN ? Behaviors.same() : invalidate(fence);
  }

  /** After the member's removal was handled as a loss: the watch, if the instance is detached, weighs it. */
  private Behavior<Command> removed(Behavior<Command> next) {
    // A removed member never comes back: its table is gone, and a handshake with it could only time out. The next
    // incarnation's ticks wait for its own table (MemberUp) instead.
    peer = null;
    if (watch != null) {
      watch.tell(SupervisordWatch.MemberRemoved.INSTANCE);
    }
    return next;
  }

  private Behavior<Command> onInvalidate(boolean fence) {
    if (detached) {
      return state == InstanceState.SILENT ? Behaviors.same() : onNodeLost(fence);
    }
    return invalidate(fence);
  }

  /**
   * Akka lost the node, or it stopped ticking: SILENT, detached until its supervisord is known dead. The probe
   * starts at once, so a refused connection (a host crash) loses the instance without delay.
   */
  private Behavior<Command> onNodeLost(boolean fence) {
    this.fence = fence;
    if (isLocal()) {
      return invalidate(fence);
    }
    if (!detached) {
      context.getLog().info("node of {} lost: probing its supervisord before declaring its processes lost", address.identifier());
      detached = true;
    }
    ticked = false;
    Behavior<Command> next = silent();
    if (watch == null) {
      watches++;
      watch = context.spawn(SupervisordWatch.create(address, probe, nodeLoss, context.getSelf(), watches),
          "supervisord-watch-" + watches);
    }
    return next;
  }

  private Behavior<Command> onSupervisordLost(SupervisordLost lost) {
    if (lost.watch() != watches || !detached || state != InstanceState.SILENT) {
      return Behaviors.same();
    }
    watch = null;
    context.getLog().warn("instance {} lost: {}", address.identifier(), lost.reason());
    return invalidate(fence);
  }

  private Behavior<Command> onLocalTick(LocalTick m, boolean active) {
    localCounter = m.localCounter();
    fence = m.fence();
    if (isLocal()) {
      return Behaviors.same();
    }
    if (active && localCounter - localCounterAtLastTick > inactivityTicks) {
      context.getLog().warn("instance {} inactive: no tick for {} local ticks", address.identifier(), localCounter - localCounterAtLastTick);
      // Its node may be dead before Akka says so (short ticks, a loaded host): ask its supervisord too.
      return onNodeLost(m.fence());
    }
    return Behaviors.same();
  }

  private Behavior<Command> checkIfReady() {
    return peer != null && ticked ? checking() : Behaviors.same();
  }

  private void startHandshake() {
    ActorRef<Instances.Command> target = peer;
    context.ask(
        Instances.CheckReply.class,
        target,
        checkTimeout,
        replyTo -> new Instances.CheckInstance(localIdentifier, replyTo),
        (reply, failure) -> reply != null ? new CheckDone(reply) : new CheckFailed(String.valueOf(failure)));
  }

  private Behavior<Command> onCheckDone(Instances.CheckReply reply) {
    if (SEEN_AS_ISOLATED.contains(reply.howYouSeeMe())) {
      context.getLog().warn("instance {} has isolated this one: isolating it in return", address.identifier());
      return isLocal() ? silent() : isolating();
    }
    modes = reply.modes();
    return checked();
  }

  private Behavior<Command> onCheckFailed(String reason) {
    context.getLog().info("handshake with {} failed ({}): retried at its next tick", address.identifier(), reason);
    ticked = false;
    return unknown();
  }

  /** The instance is lost: SILENT, or ISOLATING when fencing applies (never for the local one). */
  private Behavior<Command> invalidate(boolean fence) {
    ticked = false;
    endDetachment();
    modes = modes.withState(org.supvisors.protocol.SupvisorsState.OFF);
    return fence && !isLocal() ? isolating() : silent();
  }

  private void recordHeartbeat(Heartbeat m) {
    modes = m.modes();
    if (m.tick()) {
      ticked = true;
      sequenceCounter = m.counter();
      remoteTime = m.remoteTime();
      localTime = System.currentTimeMillis() / 1000;
      localCounterAtLastTick = localCounter;
    }
  }

  private Behavior<Command> enter(InstanceState newState, Behavior<Command> behavior) {
    if (newState != state) {
      context.getLog().info("instance {}: {} -> {}", address.identifier(), state, newState);
      state = newState;
      if (newState == InstanceState.SILENT
          || newState == InstanceState.ISOLATING
          || newState == InstanceState.ISOLATED) {
        modes = modes.withState(org.supvisors.protocol.SupvisorsState.OFF);
      }
      if (newState != InstanceState.SILENT) {
        // Its node is back (or it is lost): a new loss starts a new watch.
        stopWatch();
      }
      if (detached && (newState == InstanceState.CHECKED || newState == InstanceState.RUNNING)) {
        context.getLog().info("instance {} back: its kept processes are refreshed by its snapshot", address.identifier());
        endDetachment();
      }
      if (newState == InstanceState.CHECKING || newState == InstanceState.UNKNOWN) {
        // A fresh check restarts the inactivity count from now.
        localCounterAtLastTick = localCounter;
      }
    }
    report();
    return behavior;
  }

  private void endDetachment() {
    detached = false;
    stopWatch();
  }

  private void stopWatch() {
    if (watch != null) {
      context.stop(watch);
      watch = null;
    }
  }

  private void report() {
    parent.tell(
        new Instances.InstanceChanged(
            new InstanceInfo(
                address.identifier(),
                address.hostId(),
                address.httpPort(),
                state,
                sequenceCounter,
                remoteTime,
                localTime,
                0,
                false,
                modes),
            detached));
  }
}
