package org.supvisors.node.supervisor;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Keeps supervisord's main loop awake while a process is starting or stopping, in listener mode.
 *
 * <p>supervisord reaps a dead child, decides that a started process is RUNNING after its
 * {@code startsecs}, and hands events to its listeners only when its loop wakes up, and it waits up
 * to a second for input: a process without captured output that dies on SIGTERM is seen STOPPED up
 * to a second late, and so is the event sent to this node. While a process is STARTING or STOPPING,
 * a cheap {@code supervisor.getState} every {@link #PERIOD} wakes the loop; it stops as soon as the
 * transition ends, or after {@link #LIMIT}.
 */
public final class TransitionNudger {

  public sealed interface Command {}

  /** An event from supervisord, as the driver receives it. */
  public record Observed(SupervisorEvent event) implements Command {}

  private enum Nudge implements Command { INSTANCE }

  private record Nudged() implements Command {}

  static final Duration PERIOD = Duration.ofMillis(10);
  static final Duration LIMIT = Duration.ofSeconds(5);

  private static final Set<String> TRANSITIONS = Set.of("PROCESS_STATE_STOPPING", "PROCESS_STATE_STARTING");

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final SupervisorClient client;
  /** Processes in transition and when it began (nanoTime). */
  private final Map<String, Long> inTransition = new HashMap<>();
  private boolean inFlight;

  public static Behavior<Command> create(SupervisorClient client) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> new TransitionNudger(context, timers, client).behavior()));
  }

  private TransitionNudger(ActorContext<Command> context, TimerScheduler<Command> timers, SupervisorClient client) {
    this.context = context;
    this.timers = timers;
    this.client = client;
  }

  private Behavior<Command> behavior() {
    return Behaviors.receive(Command.class)
        .onMessage(Observed.class, this::onObserved)
        .onMessage(Nudge.class, m -> onNudge())
        .onMessage(Nudged.class, m -> { inFlight = false; return Behaviors.same(); })
        .build();
  }

  private Behavior<Command> onObserved(Observed observed) {
    SupervisorEvent event = observed.event();
    String namespec = event.payload().get("groupname") + ":" + event.payload().get("processname");
    if (TRANSITIONS.contains(event.eventName())) {
      inTransition.put(namespec, System.nanoTime());
      if (!timers.isTimerActive(Nudge.INSTANCE)) {
        timers.startTimerWithFixedDelay(Nudge.INSTANCE, PERIOD);
      }
    } else if (event.eventName().startsWith("PROCESS_STATE_")) {
      inTransition.remove(namespec);
    }
    return Behaviors.same();
  }

  private Behavior<Command> onNudge() {
    long now = System.nanoTime();
    inTransition.values().removeIf(since -> now - since > LIMIT.toNanos());
    if (inTransition.isEmpty()) {
      timers.cancel(Nudge.INSTANCE);
    } else if (!inFlight) {
      inFlight = true;
      context.pipeToSelf(client.getState(), (state, failure) -> new Nudged());
    }
    return Behaviors.same();
  }
}
