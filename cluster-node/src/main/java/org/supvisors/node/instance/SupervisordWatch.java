package org.supvisors.node.instance;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import org.supvisors.node.config.InstanceAddress;

/**
 * Watches the supervisord of an instance whose node is lost (the instance is SILENT, detached): probes it at once,
 * then every {@code probe_interval} while it answers, and tells the instance actor when it does not answer, or when
 * the node is not back within {@code grace}; then it stops. The instance actor starts one when the instance goes
 * SILENT detached and stops it when the instance leaves SILENT.
 */
final class SupervisordWatch {

  sealed interface Command {}

  private record Probed(boolean alive) implements Command {}

  private enum ProbeAgain implements Command { INSTANCE }

  private enum GraceOver implements Command { INSTANCE }

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
      return watch.watching();
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
    this.timers = timers;
    this.address = address;
    this.probe = probe;
    this.settings = settings;
    this.instance = instance;
    this.generation = generation;
  }

  private Behavior<Command> watching() {
    return Behaviors.receive(Command.class)
        .onMessage(Probed.class, this::onProbed)
        .onMessage(ProbeAgain.class, m -> probeNow())
        .onMessage(GraceOver.class, m -> lost("node not back within " + settings.grace() + " although its supervisord answers"))
        .build();
  }

  /** One probe in flight at most: the next one is armed when the answer comes. */
  private Behavior<Command> probeNow() {
    context.pipeToSelf(probe.alive(address), (alive, failure) -> new Probed(Boolean.TRUE.equals(alive)));
    return Behaviors.same();
  }

  private Behavior<Command> onProbed(Probed probed) {
    if (probed.alive()) {
      timers.startSingleTimer(ProbeAgain.INSTANCE, settings.probeInterval());
      return Behaviors.same();
    }
    return lost("its supervisord does not answer");
  }

  private Behavior<Command> lost(String reason) {
    instance.tell(new InstanceActor.SupervisordLost(generation, reason));
    return Behaviors.stopped();
  }
}
