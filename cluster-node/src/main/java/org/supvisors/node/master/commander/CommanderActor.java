package org.supvisors.node.master.commander;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.actor.typed.receptionist.Receptionist;
import akka.cluster.typed.Cluster;
import akka.pattern.StatusReply;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.RecoveryCompleted;
import akka.persistence.typed.javadsl.CommandHandler;
import akka.persistence.typed.javadsl.Effect;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehavior;
import akka.persistence.typed.javadsl.RetentionCriteria;
import akka.persistence.typed.javadsl.SignalHandler;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.supvisors.node.cluster.Peers;
import org.supvisors.node.context.Context;
import org.supvisors.node.context.ProcessStatus;
import org.supvisors.node.instance.Instances;
import org.supvisors.node.local.LocalCommands;
import org.supvisors.node.master.Control;
import org.supvisors.protocol.ClusterSerializable;
import org.supvisors.protocol.ConciliationStrategy;
import org.supvisors.protocol.SupvisorsState;

/**
 * The Master's commander as an actor: the Starter and the Stopper of Supvisors, event-sourced so
 * that a Master restarted (on the same node, or on another one with a shared journal) resumes its
 * jobs. Its journal holds the successive {@link Jobs}; the process model and the instances come
 * live from the Master node's tables and are not persisted.
 *
 * <p>Each input (a process change, a tick, a request, a refusal from a supervisord) leads to one
 * step of the {@link Commander}; the new jobs are persisted before the orders go out.
 */
public final class CommanderActor extends EventSourcedBehavior<CommanderActor.Command, CommanderActor.Changed, Jobs> {

  public interface Command {}

  /** A control request of the API, passed on by the Master. */
  public record Request(String origin, Control control) implements Command {}

  /** Entering DEPLOYMENT: plan the applications to start; {@code forced} by restart_sequence. */
  public record Deploy(boolean forced) implements Command {}

  /** Entering INITIALIZATION from a working state: every job is dropped, as in Supvisors. */
  public enum Abort implements Command { INSTANCE }

  /** Entering RESTARTING or SHUTTING_DOWN: stop every application by the global stop sequence. */
  public enum StopAll implements Command { INSTANCE }

  /** Entering (or staying in) CONCILIATION: apply the configured strategy. */
  public record Conciliate(ConciliationStrategy strategy) implements Command {}

  /** The Master's state, which decides how running failures are handled. */
  public record FsmState(SupvisorsState state) implements Command {}

  /**
   * What the Master learns after each change.
   *
   * @param deployments the number of {@link Deploy} taken so far, so that the Master knows the
   *     activity it sees includes the deployment it asked for
   * @param stopAlls same for {@link StopAll}
   */
  public record Activity(boolean starting, boolean stopping, long deployments, long stopAlls) {}

  /** A crash asks for a restart (true) or a shutdown (false) of Supvisors. */
  public record TerminateRequested(boolean restart) {}

  /** The one event: the jobs after a change. */
  public record Changed(Jobs jobs) implements ClusterSerializable {}

  private record ProcessChanged(ProcessStatus status) implements Command {}

  private record ViewChanged(Instances.View view) implements Command {}

  private record KnownChanged(Context.KnownInstances known) implements Command {}

  /** The processes of some instance took too long to be known: deploy with what is known. */
  private enum DeployAnyway implements Command { INSTANCE }

  private record Refused(String namespec, String identifier, String reason) implements Command {}

  private record LocalCommandsListed(Receptionist.Listing listing) implements Command {}

  /** A supervisord accepted an order: its events tell the rest. */
  private enum Accepted implements Command { INSTANCE }

  /** Who the commander reports to, and what it needs from its node. */
  public record Wiring(
      ActorRef<Activity> activity,
      ActorRef<TerminateRequested> terminate,
      ActorRef<Instances.Command> instances,
      ActorRef<Context.Command> context) {}

  private static final Duration ORDER_TIMEOUT = Duration.ofSeconds(10);

  /** Longest wait for the processes of every RUNNING instance to be known before a deployment. */
  private static final Duration KNOWLEDGE_TIMEOUT = Duration.ofSeconds(10);

  private final ActorContext<Command> actorContext;
  private final TimerScheduler<Command> timers;
  private Set<String> known = Set.of();
  /** A deployment waiting for the processes of every RUNNING instance to be known. */
  private Deploy deferredDeploy;
  private int deferredCount;
  private final Wiring wiring;
  private final Commander commander;
  private final Model model;
  private final Duration resumeWindow;
  /** Every node's local commands, where the orders go. */
  private final Peers<LocalCommands.Command> localCommands = new Peers<>(LocalCommands.KEY);
  /** Orders given before the receptionist's first listing arrived: sent once it has. */
  private List<Runnable> awaitingListing = new java.util.ArrayList<>();
  private final Requests requests;
  private final Set<String> refused = new HashSet<>();
  /** Control requests waiting for their jobs to end, with how to answer them then. */
  private final Map<Long, Function<Model, Runnable>> waiters = new LinkedHashMap<>();
  private SupvisorsState fsmState = SupvisorsState.INITIALIZATION;
  /** Set by the first deployment, after which the model is complete. */
  private boolean ready;
  /** How old the jobs read from the journal were, milliseconds. */
  private long recoveredAge;
  private long deployments;
  private long stopAlls;
  private Activity lastActivity;

  public static Behavior<Command> create(Model model, Wiring wiring, Duration resumeWindow, String persistenceId) {
    return Behaviors.setup(context -> {
      wiring.context().tell(new Context.SubscribeProcesses(context.messageAdapter(ProcessStatus.class, ProcessChanged::new)));
      wiring.instances().tell(new Instances.Subscribe(context.messageAdapter(Instances.View.class, ViewChanged::new)));
      wiring.context().tell(new Context.SubscribeKnown(
          context.messageAdapter(Context.KnownInstances.class, KnownChanged::new)));
      return Behaviors.<Command>withTimers(timers ->
          new CommanderActor(context, timers, model, wiring, resumeWindow, PersistenceId.ofUniqueId(persistenceId)));
    });
  }

  private CommanderActor(ActorContext<Command> actorContext, TimerScheduler<Command> timers, Model model, Wiring wiring,
      Duration resumeWindow, PersistenceId persistenceId) {
    // The journal may be missing for a while (schema being created, database restarting).
    super(persistenceId, SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));
    this.actorContext = actorContext;
    this.timers = timers;
    actorContext.setLoggerName(CommanderActor.class);
    this.model = model;
    this.wiring = wiring;
    this.commander = new Commander(model);
    this.resumeWindow = resumeWindow;
    localCommands.subscribe(actorContext, LocalCommandsListed::new);
    this.requests = new Requests(commander);
  }

  @Override
  public Jobs emptyState() {
    return Jobs.EMPTY;
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    // The jobs are the whole state: two snapshots are enough, older events can go.
    return RetentionCriteria.snapshotEvery(100, 2).withDeleteEventsOnSnapshot();
  }

  @Override
  public EventHandler<Jobs, Changed> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onEvent(Changed.class, (jobs, changed) -> changed.jobs()).build();
  }

  @Override
  public SignalHandler<Jobs> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), jobs -> recoveredAge = System.currentTimeMillis() - jobs.updatedAt())
        .build();
  }

  @Override
  public CommandHandler<Command, Changed, Jobs> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(ProcessChanged.class, this::onProcessChanged)
        .onCommand(ViewChanged.class, (jobs, m) -> { model.update(m.view()); return deployIfKnown(jobs); })
        .onCommand(KnownChanged.class, (jobs, m) -> { known = m.known().identifiers(); return deployIfKnown(jobs); })
        .onCommand(DeployAnyway.class, (jobs, m) -> deployAnyway(jobs))
        .onCommand(Refused.class, this::onRefused)
        .onCommand(Accepted.class, (jobs, m) -> Effect().none())
        .onCommand(LocalCommandsListed.class, this::onLocalCommandsListed)
        .onCommand(FsmState.class, (jobs, m) -> { fsmState = m.state(); return Effect().none(); })
        .onCommand(Deploy.class, this::onDeploy)
        .onCommand(Abort.class, (jobs, m) -> settle(jobs, jobs.aborted()))
        .onCommand(StopAll.class, this::onStopAll)
        .onCommand(Conciliate.class, (jobs, m) ->
            settle(jobs, commander.conciliate(jobs, m.strategy(), Commander.Origin.master(model.localId()))))
        .onCommand(Request.class, this::onRequest)
        .build();
  }

  // ---------------------------------------------------------------- inputs

  private Effect<Changed, Jobs> onProcessChanged(Jobs jobs, ProcessChanged changed) {
    ProcessStatus before = model.process(changed.status().namespec()).orElse(null);
    model.update(changed.status());
    boolean working = fsmState == SupvisorsState.DEPLOYMENT || fsmState == SupvisorsState.OPERATION
        || fsmState == SupvisorsState.CONCILIATION;
    return settle(jobs, commander.onProcessChange(jobs, before, changed.status(), working));
  }

  private Effect<Changed, Jobs> onRefused(Jobs jobs, Refused refusal) {
    actorContext.getLog().warn("{} refused on {}: {}", refusal.namespec(), refusal.identifier(), refusal.reason());
    refused.add(Commander.refusalKey(refusal.namespec(), refusal.identifier()));
    Effect<Changed, Jobs> effect = step(jobs);
    refused.clear();
    return effect;
  }

  /**
   * The first deployment of this Master: the model is complete (the synchronization is over), so
   * the jobs recovered from the journal can resume, unless they are older than the resume window (a
   * journal of another time would replay stale orders and extra arguments). Orders in progress that were not seen
   * taking effect are given again, since the Master may have died before sending them
   * (supervisord answers a start of a running process with ALREADY_STARTED, which is ignored).
   */
  private Jobs resumed(Jobs jobs) {
    ready = true;
    if (recoveredAge > resumeWindow.toMillis()) {
      if (!jobs.equals(jobs.forgotten())) {
        actorContext.getLog().info("jobs of the journal are {} s old: dropped", recoveredAge / 1000);
      }
      return jobs.forgotten();
    }
    if (jobs.allJobs().findAny().isEmpty() && jobs.failures().isEmpty()) {
      return jobs;
    }
    actorContext.getLog().info("resuming {} jobs of the previous Master", jobs.allJobs().count());
    return jobs.reissued();
  }

  /**
   * A deployment places processes only where they are known: it waits until the process model has
   * the processes of every RUNNING instance (they arrive a little after the instance is RUNNING).
   */
  private Effect<Changed, Jobs> onDeploy(Jobs jobs, Deploy deploy) {
    if (!allKnown()) {
      boolean forced = deploy.forced() || (deferredDeploy != null && deferredDeploy.forced());
      deferredDeploy = new Deploy(forced);
      deferredCount++;
      timers.startSingleTimer(DeployAnyway.INSTANCE, KNOWLEDGE_TIMEOUT);
      return Effect().none();
    }
    return deploy(jobs, deploy);
  }

  private boolean allKnown() {
    return model.view().instances().values().stream()
        .filter(i -> i.state() == org.supvisors.protocol.InstanceState.RUNNING)
        .allMatch(i -> known.contains(i.identifier()));
  }

  private Effect<Changed, Jobs> deployIfKnown(Jobs jobs) {
    if (deferredDeploy != null && allKnown()) {
      timers.cancel(DeployAnyway.INSTANCE);
      return deploy(jobs, takeDeferred());
    }
    return step(jobs);
  }

  private Effect<Changed, Jobs> deployAnyway(Jobs jobs) {
    if (deferredDeploy == null) {
      return Effect().none();
    }
    actorContext.getLog().warn("processes of some instance still unknown after {} s: deploying anyway",
        KNOWLEDGE_TIMEOUT.toSeconds());
    return deploy(jobs, takeDeferred());
  }

  private Deploy takeDeferred() {
    Deploy deploy = deferredDeploy;
    deferredDeploy = null;
    return deploy;
  }

  private Effect<Changed, Jobs> deploy(Jobs jobs, Deploy deploy) {
    // One deployment serves every request merged while it waited: the Master counts them all.
    deployments += Math.max(1, deferredCount);
    deferredCount = 0;
    Jobs current = ready ? jobs : resumed(jobs);
    return settle(jobs, commander.deploy(current, deploy.forced(), Commander.Origin.master(model.localId())));
  }

  private Effect<Changed, Jobs> onStopAll(Jobs jobs, StopAll stopAll) {
    stopAlls++;
    waiters.clear();
    return settle(jobs, commander.stopAll(jobs, Commander.Origin.master(model.localId())));
  }

  private Effect<Changed, Jobs> onRequest(Jobs jobs, Request request) {
    Requests.Outcome outcome = requests.handle(jobs, request.control(), request.origin());
    if (outcome.waiter() != null) {
      waiters.put(outcome.waiter().id(), outcome.waiter().answer());
    }
    return settle(jobs, outcome.jobs(), outcome.immediate());
  }

  // ---------------------------------------------------------------- the step

  private Effect<Changed, Jobs> step(Jobs jobs) {
    return settle(jobs, jobs);
  }

  private Effect<Changed, Jobs> settle(Jobs before, Jobs planned) {
    return settle(before, planned, null);
  }

  /**
   * Moves the jobs forward, persists them if they changed, then sends the orders, answers the
   * requests that are over and tells the Master the activity.
   *
   * @param immediate an answer to send once the jobs are persisted, or null
   */
  private Effect<Changed, Jobs> settle(Jobs before, Jobs planned, Runnable immediate) {
    if (!ready) {
      // Until the first deployment, the model is still filling: stepping would judge jobs on it.
      if (immediate != null) {
        immediate.run();
      }
      return Effect().none();
    }
    Jobs after = commander.step(planned, refused);
    List<org.supvisors.node.master.commander.Effect> effects = commander.effects();
    Runnable afterwards = () -> {
      effects.forEach(this::execute);
      if (immediate != null) {
        immediate.run();
      }
      answerWaiters(after);
      reportActivity(after);
    };
    if (after.equals(before)) {
      afterwards.run();
      return Effect().none();
    }
    return Effect().persist(new Changed(after.at(System.currentTimeMillis()))).thenRun(jobs -> afterwards.run());
  }

  private void answerWaiters(Jobs jobs) {
    waiters.entrySet().removeIf(entry -> {
      if (jobs.serves(entry.getKey())) {
        return false;
      }
      entry.getValue().apply(model).run();
      return true;
    });
  }

  private void reportActivity(Jobs jobs) {
    Activity activity = new Activity(jobs.startingBusy(), jobs.stoppingBusy(), deployments, stopAlls);
    if (!activity.equals(lastActivity)) {
      lastActivity = activity;
      wiring.activity().tell(activity);
    }
  }

  // ---------------------------------------------------------------- orders

  private void execute(org.supvisors.node.master.commander.Effect effect) {
    if (effect instanceof org.supvisors.node.master.commander.Effect.StartOn start) {
      actorContext.getLog().info("start {} on {}", start.namespec(), start.identifier());
      order(start.namespec(), start.identifier(),
          replyTo -> new LocalCommands.StartProcess(start.namespec(), start.extraArgs(), replyTo));
    } else if (effect instanceof org.supvisors.node.master.commander.Effect.StopOn stop) {
      actorContext.getLog().info("stop {} on {}", stop.namespec(), stop.identifier());
      order(stop.namespec(), stop.identifier(), replyTo -> new LocalCommands.StopProcess(stop.namespec(), replyTo));
    } else if (effect instanceof org.supvisors.node.master.commander.Effect.Force force) {
      actorContext.getLog().warn("{} forced {}: {}", force.namespec(), force.state(), force.reason());
      wiring.context().tell(new Context.ForceState(force.namespec(), force.state(), force.reason(), true));
    } else if (effect instanceof org.supvisors.node.master.commander.Effect.Terminate terminate) {
      wiring.terminate().tell(new TerminateRequested(terminate.restart()));
    }
  }

  private Effect<Changed, Jobs> onLocalCommandsListed(Jobs jobs, LocalCommandsListed listed) {
    localCommands.listed(listed.listing());
    if (awaitingListing != null) {
      List<Runnable> orders = awaitingListing;
      awaitingListing = null;
      orders.forEach(Runnable::run);
    }
    return Effect().none();
  }

  private void order(String namespec, String identifier,
      akka.japi.function.Function<ActorRef<StatusReply<Boolean>>, LocalCommands.Command> message) {
    if (awaitingListing != null) {
      // Just started (a recovered job may resume at once): not knowing any node yet is no refusal.
      awaitingListing.add(() -> order(namespec, identifier, message));
      return;
    }
    Optional<ActorRef<LocalCommands.Command>> target = localCommandsOf(identifier);
    if (target.isEmpty()) {
      actorContext.getSelf().tell(new Refused(namespec, identifier, "instance not in the cluster"));
      return;
    }
    actorContext.askWithStatus(Boolean.class, target.get(), ORDER_TIMEOUT, message, (ok, failure) -> {
      if (failure == null || failure.getMessage() == null || failure.getMessage().startsWith("ALREADY_STARTED")) {
        // Done, or running already: the events tell the rest.
        return Accepted.INSTANCE;
      }
      return new Refused(namespec, identifier, failure.getMessage());
    });
  }

  private Optional<ActorRef<LocalCommands.Command>> localCommandsOf(String identifier) {
    localCommands.resolve(Cluster.get(actorContext.getSystem()));
    return localCommands.get(identifier);
  }
}
