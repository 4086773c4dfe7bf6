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
import akka.persistence.typed.javadsl.EffectBuilder;
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
import org.supvisors.node.journal.Journal;
import org.supvisors.node.local.LocalCommands;
import org.supvisors.node.master.Control;
import org.supvisors.protocol.ClusterSerializable;
import org.supvisors.protocol.ConciliationStrategy;
import org.supvisors.protocol.Fault;
import org.supvisors.protocol.SupvisorsState;

/**
 * The Master's commander as an actor: the Starter and the Stopper of Supvisors, event-sourced on
 * the Master node's journal, and replicated to the cluster ({@link JobReplica}) so that a Master
 * restarted on any node resumes its jobs and answers the callers waiting for them. Its journal
 * holds the successive {@link Jobs}; the process model and the instances come live from the Master
 * node's tables and are not persisted.
 *
 * <p>Each input (a process change, a tick, a request, a refusal from a supervisord) leads to one
 * step of the {@link Commander}; the new jobs are persisted, then written to a majority of the
 * nodes, before the orders go out and the answers leave.
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

  private record Replicated(JobReplica.Written written) implements Command {}

  private record ReplicaRead(JobReplica.ReadResult result) implements Command {}

  /** Who the commander reports to, and what it needs from its node. */
  public record Wiring(
      ActorRef<Activity> activity,
      ActorRef<TerminateRequested> terminate,
      ActorRef<Instances.Command> instances,
      ActorRef<Context.Command> context) {}

  private static final Duration ORDER_TIMEOUT = Duration.ofSeconds(10);

  /** Longest wait for a majority of the nodes to take (or to give) the jobs. */
  private static final Duration REPLICA_TIMEOUT = Duration.ofSeconds(3);

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
  private final Map<Long, ReplicatedJobs.Waiting> waiters = new LinkedHashMap<>();
  private final ActorRef<JobReplica.Command> replica;
  private final ReplicaWrites replicaWrites;
  /** What the cluster held when this Master first deployed; null until read. */
  private JobReplica.ReadResult replicaRead;
  private boolean replicaAsked;
  private final boolean journalPerNode;

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
      ActorRef<JobReplica.Command> replica = context.spawn(JobReplica.create(persistenceId, REPLICA_TIMEOUT), "replica");
      return Behaviors.<Command>withTimers(timers -> new CommanderActor(context, timers, model, wiring, resumeWindow,
          PersistenceId.ofUniqueId(persistenceId), replica));
    });
  }

  private CommanderActor(ActorContext<Command> actorContext, TimerScheduler<Command> timers, Model model, Wiring wiring,
      Duration resumeWindow, PersistenceId persistenceId, ActorRef<JobReplica.Command> replica) {
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
    this.replica = replica;
    this.replicaWrites = new ReplicaWrites(replica, actorContext.messageAdapter(JobReplica.Written.class, Replicated::new));
    this.journalPerNode = Journal.isEmbedded(actorContext.getSystem().settings().config());
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
        .onCommand(Replicated.class, (jobs, m) -> { replicaWrites.onWritten(m.written()); return Effect().none(); })
        .onCommand(ReplicaRead.class, (jobs, m) -> { replicaRead = m.result(); return deployIfKnown(jobs); })
        .onCommand(LocalCommandsListed.class, this::onLocalCommandsListed)
        .onCommand(FsmState.class, (jobs, m) -> { fsmState = m.state(); return Effect().none(); })
        .onCommand(Deploy.class, this::onDeploy)
        .onCommand(Abort.class, (jobs, m) -> settle(jobs, jobs.aborted()))
        .onCommand(StopAll.class, this::onStopAll)
        .onCommand(Conciliate.class, (jobs, m) ->
            settle(jobs, commander.conciliate(jobs, m.strategy(), Commander.Origin.master(model.localId()))))
        .onCommand(Request.class, (jobs, m) -> ready ? onRequest(jobs, m) : Effect().stash())
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
   * the jobs of the previous Master can resume ({@link Resumption} says which: the cluster's or
   * the journal's), with the callers waiting for them. Orders in progress that were not seen taking
   * effect are given again, since the Master may have died before sending them (supervisord answers
   * a start of a running process with ALREADY_STARTED, which is ignored).
   */
  private Jobs resumed(Jobs journal) {
    ready = true;
    Resumption.Choice choice = Resumption.choose(journal, recoveredAge, replicaRead == null ? null : replicaRead.state(),
        journalPerNode && model.view().instances().size() > 1, resumeWindow);
    if (!choice.why().isEmpty()) {
      actorContext.getLog().info("{}", choice.why());
    }
    Jobs jobs = choice.jobs();
    if (jobs.allJobs().findAny().isEmpty() && jobs.failures().isEmpty()) {
      return jobs;
    }
    actorContext.getLog().info("resuming {} jobs of the previous Master, {} callers waiting",
        jobs.allJobs().count(), choice.waiting().size());
    choice.waiting().forEach(w -> waiters.put(w.request(), w));
    return jobs.reissued(c -> Resumption.stillStands(model, c), model::isRunning);
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

  /** Also, before the first deployment, the jobs the cluster holds must be read (from a majority). */
  private boolean allKnown() {
    if (!ready && replicaRead == null) {
      readReplicaOnce();
      return false;
    }
    return model.view().instances().values().stream()
        .filter(i -> i.state() == org.supvisors.protocol.InstanceState.RUNNING)
        .allMatch(i -> known.contains(i.identifier()));
  }

  private void readReplicaOnce() {
    if (!replicaAsked) {
      replicaAsked = true;
      replica.tell(new JobReplica.Read(actorContext.messageAdapter(JobReplica.ReadResult.class, ReplicaRead::new)));
    }
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
    boolean first = !ready;
    Jobs current = ready ? jobs : resumed(jobs);
    EffectBuilder<Changed, Jobs> effect =
        settle(jobs, commander.deploy(current, deploy.forced(), Commander.Origin.master(model.localId())));
    // The requests that came while the jobs of the previous Master were being read.
    return first ? effect.thenUnstashAll() : effect;
  }

  private Effect<Changed, Jobs> onStopAll(Jobs jobs, StopAll stopAll) {
    stopAlls++;
    waiters.values().forEach(w -> w.control().refuse(Fault.ABNORMAL_TERMINATION, "Supvisors is stopping"));
    waiters.clear();
    return settle(jobs, commander.stopAll(jobs, Commander.Origin.master(model.localId())));
  }

  private Effect<Changed, Jobs> onRequest(Jobs jobs, Request request) {
    Requests.Outcome outcome = requests.handle(jobs, request.control(), request.origin());
    if (outcome.waiter() != null) {
      waiters.put(outcome.waiter().request(), outcome.waiter());
    }
    return settle(jobs, outcome.jobs(), outcome.immediate());
  }

  // ---------------------------------------------------------------- the step

  private Effect<Changed, Jobs> step(Jobs jobs) {
    return settle(jobs, jobs);
  }

  private EffectBuilder<Changed, Jobs> settle(Jobs before, Jobs planned) {
    return settle(before, planned, null);
  }

  /**
   * Moves the jobs forward, persists them if they changed, then sends the orders, answers the
   * requests that are over and tells the Master the activity.
   *
   * @param immediate an answer to send once the jobs are persisted, or null
   */
  private EffectBuilder<Changed, Jobs> settle(Jobs before, Jobs planned, Runnable immediate) {
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
      replicaWrites.after(afterwards);
      return Effect().none();
    }
    // Then written to a majority of the nodes before the orders go out, so that a Master taking over
    // never misses a job whose orders went out.
    return Effect().persist(new Changed(after.at(System.currentTimeMillis()))).thenRun(jobs -> replicaWrites.write(
        new ReplicatedJobs(model.localId(), jobs, List.copyOf(waiters.values())), afterwards));
  }

  private void answerWaiters(Jobs jobs) {
    waiters.entrySet().removeIf(entry -> {
      if (jobs.serves(entry.getKey())) {
        return false;
      }
      requests.answer(entry.getValue()).run();
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
