package org.supvisors.node.supervisor;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.StashBuffer;
import akka.actor.typed.javadsl.TimerScheduler;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Predicate;
import org.supvisors.node.instance.Instances;
import org.supvisors.protocol.LocalProcessInfo;
import org.supvisors.protocol.Namespec;
import org.supvisors.protocol.SupervisorState;

/**
 * Owns the relationship with the local supervisord, and the live list of its processes.
 *
 * <p>Ticks: every tick period it asks supervisord for its state; an answer is the node's tick (as
 * supervisord's TICK event is in Supvisors), so a supervisord that stops answering stops the ticks
 * and the others see this instance go SILENT. The node never crashes on an unreachable supervisord.
 *
 * <p>Processes: once supervisord answers, the configuration and all processes are loaded and told
 * as a {@link LocalProcessEvent.Snapshot}; then each change is told as Updated or Removed, from
 * the listener's PROCESS_STATE/PROCESS_GROUP events (listener mode) or by diffing a poll of
 * getAllProcessInfo (standalone mode). A periodic reconcile repairs anything missed. A supervisord
 * that comes back after being unreachable is loaded again (it may have restarted).
 *
 * <p>Order: the process pipeline (events, polls, reconciles, loads) is one queue worked one item at
 * a time, with at most one XML-RPC call in flight, so events are emitted in supervisord's order.
 * The tick call is apart: it only measures liveness.
 */
public final class SupervisorDriver {

  public sealed interface Command {}

  /** An event from the event-listener protocol (listener mode). */
  public record FromListener(SupervisorEvent event) implements Command {}

  /** Asks for the current picture, with the sequence of the last event emitted. */
  public record GetSnapshot(ActorRef<LocalProcessEvent.Snapshot> replyTo) implements Command {}

  /**
   * The extra arguments or the disabled programs changed: each process whose record tells other
   * flags is told again (Updated); answers once they are told.
   */
  public record RefreshFlags(ActorRef<akka.Done> replyTo) implements Command {}

  private enum Tick implements Command { INSTANCE }

  private record Ticked(SupervisorState state, Throwable failure) implements Command {}

  private enum PollDue implements Command { INSTANCE }

  private record ReconcileDue(boolean confirming) implements Command {}

  private record Done(Work work, Fetched fetched, Throwable failure) implements Command {}

  /** An item of the process pipeline. */
  private sealed interface Work {}

  private enum Load implements Work { INSTANCE }

  private enum Poll implements Work { INSTANCE }

  private record Reconcile(boolean confirming) implements Work {}

  private record OnEvent(SupervisorEvent event) implements Work {}

  /** What a pipeline call read; a null part was not read. */
  private record Fetched(List<ProcessConfig> configs, List<Map<String, Object>> processes, String spawnerr) {
    Fetched(List<ProcessConfig> configs, List<Map<String, Object>> processes) {
      this(configs, processes, null);
    }
  }

  private static final String STATE_EVENT = "PROCESS_STATE_";

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final StashBuffer<Command> stash;
  private final SupervisorClient client;
  private final ActorRef<Instances.Command> instances;
  private final ActorRef<LocalProcessEvent> events;
  private final DriverSettings settings;
  private final LocalInfoBuilder builder;
  private final LocalProcesses picture;
  private final Deque<Work> queue = new ArrayDeque<>();
  private Set<String> suspects = Set.of();
  private boolean busy;
  private boolean loadQueued;
  private boolean loadNeeded = true;
  private boolean loadedOnce;
  private boolean stopping;
  private int counter;
  private boolean reachable = true;
  private long nextDue;

  public static Behavior<Command> create(
      SupervisorClient client, ActorRef<Instances.Command> instances, ActorRef<LocalProcessEvent> events,
      DriverSettings settings) {
    return create(client, instances, events, settings, namespec -> "", program -> false);
  }

  /**
   * @param extraArgsOf the current extra arguments of a namespec, told in every record
   * @param programDisabled whether a program is disabled, told in every record
   */
  public static Behavior<Command> create(
      SupervisorClient client, ActorRef<Instances.Command> instances, ActorRef<LocalProcessEvent> events,
      DriverSettings settings, Function<String, String> extraArgsOf, Predicate<String> programDisabled) {
    LocalInfoBuilder builder = new LocalInfoBuilder(ZoneId.systemDefault(), extraArgsOf, programDisabled);
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> Behaviors.withStash(1000, stash ->
        new SupervisorDriver(context, timers, stash, client, instances, events, settings, builder).loading())));
  }

  private SupervisorDriver(
      ActorContext<Command> context, TimerScheduler<Command> timers, StashBuffer<Command> stash,
      SupervisorClient client, ActorRef<Instances.Command> instances, ActorRef<LocalProcessEvent> events,
      DriverSettings settings, LocalInfoBuilder builder) {
    this.context = context;
    context.setLoggerName(SupervisorDriver.class);
    this.timers = timers;
    this.stash = stash;
    this.client = client;
    this.instances = instances;
    this.events = events;
    this.settings = settings;
    this.builder = builder;
    this.picture = new LocalProcesses(settings.source(), settings.ownNamespec(), builder);
    context.getSelf().tell(Tick.INSTANCE);
  }

  /** Until the first snapshot: events wait in the queue behind the load, snapshot requests in the stash. */
  private Behavior<Command> loading() {
    return Behaviors.receive(Command.class)
        .onMessage(Tick.class, m -> onTick())
        .onMessage(Ticked.class, this::onTicked)
        .onMessage(FromListener.class, m -> enqueue(new OnEvent(m.event())))
        .onMessage(GetSnapshot.class, m -> { stash.stash(m); return Behaviors.same(); })
        .onMessage(RefreshFlags.class, m -> { stash.stash(m); return Behaviors.same(); })
        .onMessage(Done.class, m -> onDone(m) ? stash.unstashAll(live()) : Behaviors.same())
        .build();
  }

  private Behavior<Command> live() {
    return Behaviors.receive(Command.class)
        .onMessage(Tick.class, m -> onTick())
        .onMessage(Ticked.class, this::onTicked)
        .onMessage(FromListener.class, m -> enqueue(new OnEvent(m.event())))
        .onMessage(GetSnapshot.class, this::onGetSnapshot)
        .onMessage(RefreshFlags.class, this::onRefreshFlags)
        .onMessage(PollDue.class, m -> stopping ? Behaviors.same() : enqueue(Poll.INSTANCE))
        .onMessage(ReconcileDue.class, m -> stopping ? Behaviors.same() : enqueue(new Reconcile(m.confirming())))
        .onMessage(Done.class, m -> { onDone(m); return Behaviors.same(); })
        .build();
  }

  // ---- ticks

  private Behavior<Command> onTick() {
    nextDue = System.nanoTime() + settings.tickPeriod().toNanos();
    context.pipeToSelf(client.getState(), Ticked::new);
    return Behaviors.same();
  }

  private Behavior<Command> onTicked(Ticked ticked) {
    if (ticked.failure() == null && ticked.state() == SupervisorState.RUNNING) {
      if (!reachable) {
        context.getLog().info("supervisord at {} answers again", settings.url());
        reachable = true;
      }
      counter++;
      instances.tell(new Instances.LocalTick(counter, System.currentTimeMillis() / 1000));
      if (loadNeeded && !loadQueued) {
        loadQueued = true;
        // Before the first snapshot nothing may overtake the load; later it takes its turn.
        if (!loadedOnce) {
          queue.addFirst(Load.INSTANCE);
        } else {
          queue.addLast(Load.INSTANCE);
        }
        drain();
      }
    } else if (reachable) {
      reachable = false;
      // It may be restarting: its processes will be read again when it answers.
      loadNeeded = true;
      String reason = ticked.failure() != null ? ticked.failure().getMessage() : "state " + ticked.state();
      context.getLog().warn("supervisord at {} is not available ({}): retrying every tick", settings.url(), reason);
    }
    // Keep a steady period whatever the call took.
    long delay = Math.max(0, nextDue - System.nanoTime());
    timers.startSingleTimer(Tick.INSTANCE, Duration.ofNanos(delay));
    return Behaviors.same();
  }

  private Behavior<Command> onGetSnapshot(GetSnapshot request) {
    request.replyTo().tell(picture.current());
    return Behaviors.same();
  }

  private Behavior<Command> onRefreshFlags(RefreshFlags refresh) {
    for (LocalProcessInfo info : List.copyOf(picture.view().values())) {
      LocalProcessInfo flagged = builder.withFlags(info);
      if (flagged != info) {
        events.tell(picture.update(flagged));
      }
    }
    refresh.replyTo().tell(akka.Done.getInstance());
    return Behaviors.same();
  }

  // ---- the process pipeline

  private Behavior<Command> enqueue(Work work) {
    queue.addLast(work);
    drain();
    return Behaviors.same();
  }

  /** Works the queue until an item needs a call; its answer comes back as {@link Done}. */
  private void drain() {
    while (!busy && !queue.isEmpty() && (loadedOnce || queue.peekFirst() == Load.INSTANCE)) {
      Work work = queue.pollFirst();
      CompletionStage<Fetched> call = start(work);
      if (call != null) {
        busy = true;
        context.pipeToSelf(call, (fetched, failure) -> new Done(work, fetched, failure));
      }
    }
  }

  /** Starts the call an item needs, or applies it at once and answers null. */
  private CompletionStage<Fetched> start(Work work) {
    if (work instanceof OnEvent e) {
      return startEvent(e.event());
    }
    if (work == Load.INSTANCE && !loadedOnce) {
      foldIntoSnapshot();
    }
    if (work == Poll.INSTANCE) {
      // The index is immutable: the stage may read it off the actor.
      ConfigIndex known = picture.config();
      return client.getAllProcessInfo().thenCompose(infos -> infos.stream().allMatch(i -> known.knows(namespec(i)))
          ? CompletableFuture.completedFuture(new Fetched(null, infos))
          : client.getAllConfigInfo().thenApply(configs -> new Fetched(configs, infos)));
    }
    return readAll();
  }

  /**
   * Process events queued before the first load are older than what it reads: replayed after the
   * snapshot they would show processes going back in time, so the snapshot stands for them.
   */
  private void foldIntoSnapshot() {
    int before = queue.size();
    queue.removeIf(w -> w instanceof OnEvent e && e.event().eventName().startsWith("PROCESS_"));
    if (queue.size() < before) {
      context.getLog().debug("{} process events before the first load are told by its snapshot", before - queue.size());
    }
  }

  private CompletionStage<Fetched> readAll() {
    return client.getAllConfigInfo()
        .thenCompose(configs -> client.getAllProcessInfo().thenApply(infos -> new Fetched(configs, infos)));
  }

  private CompletionStage<Fetched> startEvent(SupervisorEvent event) {
    String name = event.eventName();
    if (name.startsWith(STATE_EVENT)) {
      String namespec = LocalProcesses.namespec(event);
      boolean known = picture.knows(namespec);
      if (known && !LocalProcesses.setsSpawnError(event)) {
        applyStateEvent(event, null);
        return null;
      }
      // A process never seen: its program is in the configuration.
      CompletionStage<List<ProcessConfig>> configs =
          known ? CompletableFuture.completedFuture(null) : client.getAllConfigInfo();
      return configs.thenCompose(c -> !LocalProcesses.setsSpawnError(event)
          ? CompletableFuture.completedFuture(new Fetched(c, null))
          : client.getProcessInfo(namespec).thenApply(p -> new Fetched(c, null, spawnerrOf(event, p))));
    }
    switch (name) {
      case "PROCESS_GROUP_ADDED", "PROCESS_GROUP_REMOVED" -> {
        return readAll();
      }
      case "SUPERVISOR_STATE_CHANGE_STOPPING" -> {
        stopping = true;
        context.getLog().info("supervisord is stopping: process polls and reconciles end here");
      }
      case "SUPERVISOR_STATE_CHANGE_RUNNING" -> stopping = false;
      default -> context.getLog().debug("supervisord event {} ignored", name);
    }
    return null;
  }

  /** Returns whether the item was a load that succeeded. */
  private boolean onDone(Done done) {
    busy = false;
    boolean loaded = false;
    if (done.failure() != null) {
      onFailure(done.work(), done.failure());
    } else if (done.work() == Load.INSTANCE) {
      loaded = onLoaded(done.fetched());
    } else if (done.work() == Poll.INSTANCE) {
      picture.useConfig(done.fetched().configs());
      emit(picture.apply(picture.differences(done.fetched().processes(), true)));
      timers.startSingleTimer(PollDue.INSTANCE, settings.pollPeriod());
    } else if (done.work() instanceof Reconcile r) {
      onReconciled(r.confirming(), done.fetched());
    } else if (done.work() instanceof OnEvent e) {
      picture.useConfig(done.fetched().configs());
      if (done.fetched().processes() == null) {
        applyStateEvent(e.event(), done.fetched().spawnerr());
      } else {
        applyGroupEvent(e.event(), done.fetched().processes());
      }
    }
    drain();
    return loaded;
  }

  private boolean onLoaded(Fetched fetched) {
    boolean first = !loadedOnce;
    loadedOnce = true;
    picture.useConfig(fetched.configs());
    LocalProcessEvent.Snapshot snapshot = picture.reset(picture.fromSupervisor(fetched.processes()));
    loadQueued = false;
    loadNeeded = false;
    context.getLog().info("{} processes loaded from supervisord (seq {})", snapshot.processes().size(), snapshot.seq());
    events.tell(snapshot);
    if (first) {
      if (!settings.listenerMode()) {
        timers.startSingleTimer(PollDue.INSTANCE, settings.pollPeriod());
      }
      timers.startSingleTimer(ReconcileDue.class, new ReconcileDue(false), settings.reconcilePeriod());
    }
    return true;
  }

  /**
   * In listener mode a difference may only be an event on its way: it is repaired if it is still
   * there one poll period later. Polling compares supervisord with itself and repairs at once.
   */
  private void onReconciled(boolean confirming, Fetched fetched) {
    picture.useConfig(fetched.configs());
    List<ProcessDiff.Change> changes = picture.differences(fetched.processes(), !settings.listenerMode());
    if (settings.listenerMode() && !confirming && !changes.isEmpty()) {
      suspects = new HashSet<>(changes.stream().map(ProcessDiff.Change::namespec).toList());
      timers.startSingleTimer(ReconcileDue.class, new ReconcileDue(true), settings.pollPeriod());
      return;
    }
    if (confirming) {
      changes = changes.stream().filter(c -> suspects.contains(c.namespec())).toList();
      suspects = Set.of();
    }
    if (!changes.isEmpty()) {
      context.getLog().warn("reconcile repaired {}", changes.stream()
          .map(c -> c instanceof ProcessDiff.Changed u ? c.namespec() + " " + u.info().state() : c.namespec() + " removed")
          .toList());
      emit(picture.apply(changes));
    }
    timers.startSingleTimer(ReconcileDue.class, new ReconcileDue(false), settings.reconcilePeriod());
  }

  private void onFailure(Work work, Throwable failure) {
    String reason = SupervisorCallException.of(failure).map(Throwable::getMessage).orElse(String.valueOf(failure));
    if (work == Load.INSTANCE) {
      loadQueued = false;
      context.getLog().warn("cannot load the processes of supervisord ({}): retrying at next tick", reason);
    } else if (work == Poll.INSTANCE) {
      context.getLog().debug("poll failed: {}", reason);
      timers.startSingleTimer(PollDue.INSTANCE, settings.pollPeriod());
    } else if (work instanceof Reconcile) {
      context.getLog().debug("reconcile failed: {}", reason);
      timers.startSingleTimer(ReconcileDue.class, new ReconcileDue(false), settings.reconcilePeriod());
    } else if (work instanceof OnEvent e) {
      context.getLog().warn("event {} applied without supervisord's answer ({}): the next reconcile checks it",
          e.event().eventName(), reason);
      if (e.event().eventName().startsWith(STATE_EVENT)) {
        applyStateEvent(e.event(), null);
      }
    }
  }

  private void applyStateEvent(SupervisorEvent event, String spawnerr) {
    picture.applyStateEvent(event, System.currentTimeMillis() / 1000, spawnerr).ifPresentOrElse(events::tell,
        () -> context.getLog().warn("unknown process state event {}", event.eventName()));
  }

  /** A group was added or removed: its processes are compared with supervisord's. */
  private void applyGroupEvent(SupervisorEvent event, List<Map<String, Object>> processes) {
    emit(picture.applyGroup(event.payload().getOrDefault("groupname", ""), processes));
  }

  private void emit(List<LocalProcessEvent> list) {
    list.forEach(events::tell);
  }

  /** supervisord's spawnerr if it still shows the event's state (else a later spawn cleared it). */
  private static String spawnerrOf(SupervisorEvent event, Map<String, Object> process) {
    String stateName = event.eventName().substring(STATE_EVENT.length());
    return stateName.equals(process.get("statename")) ? String.valueOf(process.getOrDefault("spawnerr", "")) : null;
  }

  private static String namespec(Map<String, Object> struct) {
    return Namespec.of((String) struct.get("group"), (String) struct.get("name"));
  }
}
