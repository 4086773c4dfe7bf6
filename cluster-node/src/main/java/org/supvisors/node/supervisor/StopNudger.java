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
 * Keeps supervisord's main loop awake while a process is stopping, in listener mode.
 *
 * <p>supervisord reaps a dead child only when its loop wakes up, and it waits up to a second for
 * input: a process without captured output that dies on SIGTERM is seen STOPPED up to a second
 * late, and so is the event sent to this node. While a STOPPING process has not reported its end,
 * a cheap {@code supervisor.getState} every {@link #PERIOD} wakes the loop; it stops as soon as the
 * end is reported, or after {@link #LIMIT}.
 */
public final class StopNudger {

  public sealed interface Command {}

  /** An event from supervisord, as the driver receives it. */
  public record Observed(SupervisorEvent event) implements Command {}

  private enum Nudge implements Command { INSTANCE }

  private record Nudged() implements Command {}

  static final Duration PERIOD = Duration.ofMillis(20);
  static final Duration LIMIT = Duration.ofSeconds(5);

  private static final Set<String> ENDS = Set.of(
      "PROCESS_STATE_STOPPED", "PROCESS_STATE_EXITED", "PROCESS_STATE_FATAL", "PROCESS_STATE_UNKNOWN",
      "PROCESS_STATE_STARTING", "PROCESS_STATE_RUNNING", "PROCESS_STATE_BACKOFF");

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final SupervisorClient client;
  /** Stopping processes and when they started stopping (nanoTime). */
  private final Map<String, Long> stopping = new HashMap<>();
  private boolean inFlight;

  public static Behavior<Command> create(SupervisorClient client) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> new StopNudger(context, timers, client).behavior()));
  }

  private StopNudger(ActorContext<Command> context, TimerScheduler<Command> timers, SupervisorClient client) {
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
    if ("PROCESS_STATE_STOPPING".equals(event.eventName())) {
      stopping.put(namespec, System.nanoTime());
      if (!timers.isTimerActive(Nudge.INSTANCE)) {
        timers.startTimerWithFixedDelay(Nudge.INSTANCE, PERIOD);
      }
    } else if (ENDS.contains(event.eventName())) {
      stopping.remove(namespec);
    }
    return Behaviors.same();
  }

  private Behavior<Command> onNudge() {
    long now = System.nanoTime();
    stopping.values().removeIf(since -> now - since > LIMIT.toNanos());
    if (stopping.isEmpty()) {
      timers.cancel(Nudge.INSTANCE);
    } else if (!inFlight) {
      inFlight = true;
      context.pipeToSelf(client.getState(), (state, failure) -> new Nudged());
    }
    return Behaviors.same();
  }
}
