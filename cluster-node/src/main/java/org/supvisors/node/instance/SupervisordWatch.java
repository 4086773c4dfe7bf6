package org.supvisors.node.instance;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.BehaviorBuilder;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import org.supvisors.node.config.InstanceAddress;
import org.supvisors.node.instance.SupervisordProbe.Verdict;

/**
 * Watches the supervisord of an instance whose node is lost (the instance is SILENT, detached), and tells the
 * instance actor when its processes are lost; then it stops. The instance actor starts one when the instance goes
 * SILENT detached, tells it when Akka removes the instance's member, and stops it when the instance leaves SILENT.
 *
 * <p>It probes at once, then {@code probe_interval} after each verdict, whatever the verdict: an answer after none
 * means the link is back, a refusal after none means the host is back without its supervisord (rebooted). One
 * behaviour per latest verdict:
 * <ul>
 *   <li>REFUSED, at any time: the host is up and its supervisord is dead, so are its processes: lost at once;</li>
 *   <li>ANSWERS: kept; a removal changes nothing (a node that died beside its supervisord did not stop anything);</li>
 *   <li>NO_ANSWER: a dead host or a partition. The removal of the member is the Split Brain Resolver's verdict, and
 *       its decision is symmetric: the other side has downed itself, and a downed node stops the processes that the
 *       Master fails over. So they are lost {@code removal_margin} after the removal, the time for those stops.</li>
 * </ul>
 * A removal seen before the first verdict counts for a NO_ANSWER that follows. Whatever the verdicts, the processes
 * are lost when the node is not back within {@code grace}.
 */
final class SupervisordWatch {

  sealed interface Command {}

  /** Akka removed the instance's member: downed (by the Split Brain Resolver) or left. */
  enum MemberRemoved implements Command { INSTANCE }

  private record Probed(Verdict verdict) implements Command {}

  private enum ProbeAgain implements Command { INSTANCE }

  private enum GraceOver implements Command { INSTANCE }

  private enum MarginOver implements Command { INSTANCE }

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final InstanceAddress address;
  private final SupervisordProbe probe;
  private final NodeLossSettings settings;
  private final ActorRef<InstanceActor.Command> instance;
  private final int generation;

  /** @param generation told back with the verdict, so that the verdict of a stopped watch is recognized */
  static Behavior<Command> create(
      InstanceAddress address,
      SupervisordProbe probe,
      NodeLossSettings settings,
      ActorRef<InstanceActor.Command> instance,
      int generation) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      SupervisordWatch watch = new SupervisordWatch(context, timers, address, probe, settings, instance, generation);
      if (!settings.grace().isZero()) {
        timers.startSingleTimer(GraceOver.INSTANCE, settings.grace());
      }
      watch.probeNow();
      return watch.firstProbe(false);
    }));
  }

  private SupervisordWatch(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      InstanceAddress address,
      SupervisordProbe probe,
      NodeLossSettings settings,
      ActorRef<InstanceActor.Command> instance,
      int generation) {
    this.context = context;
    context.setLoggerName(SupervisordWatch.class);
    this.timers = timers;
    this.address = address;
    this.probe = probe;
    this.settings = settings;
    this.instance = instance;
    this.generation = generation;
  }

  // ---------------------------------------------------------------- states

  /** No verdict yet; {@code removed}: the member is already removed. */
  private Behavior<Command> firstProbe(boolean removed) {
    return probing()
        .onMessage(Probed.class, m -> onVerdict(m.verdict(), removed))
        .onMessage(MemberRemoved.class, m -> firstProbe(true))
        .build();
  }

  private Behavior<Command> answering() {
    return probing()
        .onMessage(Probed.class, m -> onVerdict(m.verdict(), false))
        .onMessage(MemberRemoved.class, m -> Behaviors.same())
        .build();
  }

  private Behavior<Command> unanswered() {
    return probing()
        .onMessage(Probed.class, m -> onVerdict(m.verdict(), false))
        .onMessage(MemberRemoved.class, m -> removedUnanswered())
        .build();
  }

  /** Terminal: the Split Brain Resolver decided; the probes stop, the margin runs. */
  private Behavior<Command> removedUnanswered() {
    context.getLog().info("member of {} removed while its supervisord does not answer: its processes are lost in {}",
        address.identifier(), settings.removalMargin());
    timers.cancel(ProbeAgain.INSTANCE);
    timers.startSingleTimer(MarginOver.INSTANCE, settings.removalMargin());
    return Behaviors.receive(Command.class)
        .onMessage(MarginOver.class, m -> lost("member removed by the cluster while its supervisord does not answer"))
        .onMessage(GraceOver.class, m -> lost("node not back within " + settings.grace()))
        .onAnyMessage(m -> Behaviors.same())
        .build();
  }

  /** Every state but the terminal one: probes go on, the grace runs. */
  private BehaviorBuilder<Command> probing() {
    return Behaviors.receive(Command.class)
        .onMessage(ProbeAgain.class, m -> probeNow())
        .onMessage(GraceOver.class, m -> lost("node not back within " + settings.grace()));
  }

  // ---------------------------------------------------------------- handlers

  /** One probe in flight at most: the next one is armed when the verdict comes. */
  private Behavior<Command> probeNow() {
    // The probe never fails by contract; a failure all the same proves nothing, so it is no answer.
    context.pipeToSelf(probe.probe(address), (verdict, failure) -> new Probed(verdict != null ? verdict : Verdict.NO_ANSWER));
    return Behaviors.same();
  }

  private Behavior<Command> onVerdict(Verdict verdict, boolean removed) {
    return switch (verdict) {
      case REFUSED -> lost("its supervisord refuses connections");
      case ANSWERS -> {
        timers.startSingleTimer(ProbeAgain.INSTANCE, settings.probeInterval());
        yield answering();
      }
      case NO_ANSWER -> {
        if (removed) {
          yield removedUnanswered();
        }
        timers.startSingleTimer(ProbeAgain.INSTANCE, settings.probeInterval());
        yield unanswered();
      }
    };
  }

  private Behavior<Command> lost(String reason) {
    instance.tell(new InstanceActor.SupervisordLost(generation, reason));
    return Behaviors.stopped();
  }
}
