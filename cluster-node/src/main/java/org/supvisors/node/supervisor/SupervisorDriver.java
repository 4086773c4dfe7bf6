package org.supvisors.node.supervisor;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import java.time.Duration;
import org.supvisors.node.instance.Instances;
import org.supvisors.protocol.SupervisorState;

/**
 * Owns the relationship with the local supervisord. Every tick period it asks supervisord for its
 * state; an answer is the node's tick (as supervisord's TICK event is in Supvisors), so a
 * supervisord that stops answering stops the ticks and the others see this instance go SILENT.
 * The node never crashes on an unreachable supervisord: it reports it and keeps trying.
 *
 * <p>One poll at a time: the next one is armed only after the answer, so a slow supervisord never
 * accumulates calls.
 */
public final class SupervisorDriver {

  public sealed interface Command {}

  /** An event from the event-listener protocol (listener mode). */
  public record FromListener(SupervisorEvent event) implements Command {}

  private enum Poll implements Command { INSTANCE }

  private record Polled(SupervisorState state, Throwable failure) implements Command {}

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final SupervisorClient client;
  private final ActorRef<Instances.Command> instances;
  private final Duration tickPeriod;
  private final String url;
  private int counter;
  private boolean reachable = true;
  private long nextDue;

  public static Behavior<Command> create(
      SupervisorClient client, ActorRef<Instances.Command> instances, Duration tickPeriod, String url) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> new SupervisorDriver(context, timers, client, instances, tickPeriod, url).polling()));
  }

  private SupervisorDriver(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      SupervisorClient client,
      ActorRef<Instances.Command> instances,
      Duration tickPeriod,
      String url) {
    this.context = context;
    context.setLoggerName(SupervisorDriver.class);
    this.timers = timers;
    this.client = client;
    this.instances = instances;
    this.tickPeriod = tickPeriod;
    this.url = url;
    context.getSelf().tell(Poll.INSTANCE);
  }

  private Behavior<Command> polling() {
    return Behaviors.receive(Command.class)
        .onMessage(Poll.class, m -> onPoll())
        .onMessage(Polled.class, this::onPolled)
        .onMessage(FromListener.class, this::onListenerEvent)
        .build();
  }

  private Behavior<Command> onPoll() {
    nextDue = System.nanoTime() + tickPeriod.toNanos();
    context.pipeToSelf(client.getState(), Polled::new);
    return Behaviors.same();
  }

  private Behavior<Command> onPolled(Polled polled) {
    if (polled.failure() == null && polled.state() == SupervisorState.RUNNING) {
      if (!reachable) {
        context.getLog().info("supervisord at {} answers again", url);
        reachable = true;
      }
      counter++;
      instances.tell(new Instances.LocalTick(counter, System.currentTimeMillis() / 1000));
    } else if (reachable) {
      reachable = false;
      String reason = polled.failure() != null ? polled.failure().getMessage() : "state " + polled.state();
      context.getLog().warn("supervisord at {} is not available ({}): retrying every tick", url, reason);
    }
    // Keep a steady period whatever the call took.
    long delay = Math.max(0, nextDue - System.nanoTime());
    timers.startSingleTimer(Poll.INSTANCE, Duration.ofNanos(delay));
    return Behaviors.same();
  }

  private Behavior<Command> onListenerEvent(FromListener message) {
    // Process events are consumed by the process model; here they only show supervisord is alive.
    context.getLog().debug("supervisord event {}", message.event().eventName());
    return Behaviors.same();
  }
}
