package org.supvisors.node.master;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.BehaviorBuilder;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.actor.typed.receptionist.Receptionist;
import akka.pattern.StatusReply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.supvisors.node.context.Context;
import org.supvisors.node.fsm.FaultReplies;
import org.supvisors.node.fsm.SupvisorsFsm;
import org.supvisors.node.fsm.SyncConditions;
import org.supvisors.node.instance.Instances;
import org.supvisors.node.local.LocalCommands;
import org.supvisors.node.master.commander.CommanderActor;
import org.supvisors.node.master.commander.Model;
import org.supvisors.protocol.ClusterSerializable;
import org.supvisors.protocol.ConciliationStrategy;
import org.supvisors.protocol.Fault;
import org.supvisors.protocol.InstanceInfo;
import org.supvisors.protocol.InstanceState;
import org.supvisors.protocol.SupvisorsState;

/**
 * The Master: a cluster singleton that owns the Supvisors state machine of the whole cluster
 * (INITIALIZATION, DEPLOYMENT, OPERATION, CONCILIATION, RESTARTING, SHUTTING_DOWN, FINAL) and the
 * commander ({@link CommanderActor}, its event-sourced child) that starts and stops processes. The
 * node hosting it is the Master instance; it declares each state and its job activity to its local
 * {@link SupvisorsFsm}, which shares them with every node, and the other nodes follow it.
 *
 * <p>INITIALIZATION ends when one of the {@code synchro_options} conditions holds; DEPLOYMENT starts
 * the applications and leads to OPERATION once the Starter is idle; a conflict leads to
 * CONCILIATION; a new instance leads back to DEPLOYMENT to repair the applications.
 */
public final class MasterActor {

  public interface Command {}

  /** Ends the synchronization (USER option), sent by any node through the singleton proxy. */
  public record EndSync(String master, ActorRef<StatusReply<Boolean>> replyTo)
      implements Command, ClusterSerializable {}

  /** A control request with the instance that received it (the local one of the LOCAL strategy). */
  public record Routed(String origin, Control control) implements Command, ClusterSerializable {}

  /** Graceful hand-over: the singleton manager sends it before moving the Master. */
  public enum Stop implements Command, ClusterSerializable { INSTANCE }

  /** What the Master needs to run its commander. */
  public record Commanding(
      Supplier<Model> model, ConciliationStrategy conciliation, Duration resumeWindow, String persistenceId) {}

  private record ViewChanged(Instances.View view) implements Command {}

  private record ConflictsChanged(Context.Conflicts conflicts) implements Command {}

  private record ActivityChanged(CommanderActor.Activity activity) implements Command {}

  private record TerminateRequested(CommanderActor.TerminateRequested request) implements Command {}

  private enum Evaluate implements Command { INSTANCE }

  /** Every node's local commands, found when entering FINAL. */
  private record LocalCommandsFound(Receptionist.Listing listing) implements Command {}

  /** Redeploy mark (compat behaviour §2.4). */
  private enum Redeploy { NONE, REPAIR, FORCED }

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final String localId;
  private final ActorRef<SupvisorsFsm.Command> localFsm;
  private final SyncConditions conditions;
  private final ConciliationStrategy conciliation;
  private final ActorRef<CommanderActor.Command> commander;
  private Instances.View view = new Instances.View(Map.of());
  private List<String> conflicts = List.of();
  private CommanderActor.Activity activity = new CommanderActor.Activity(false, false, 0, 0);
  private long deploymentsSent;
  private long stopAllsSent;
  private Redeploy redeploy = Redeploy.NONE;
  private final List<ActorRef<StatusReply<Boolean>>> sequenceWaiters = new ArrayList<>();
  private SupvisorsState state = SupvisorsState.OFF;
  private long initializationStart = System.nanoTime();
  private boolean masterChosen;

  public static Behavior<Command> create(
      String localId,
      ActorRef<Instances.Command> instances,
      ActorRef<Context.Command> processes,
      ActorRef<SupvisorsFsm.Command> localFsm,
      SyncConditions conditions,
      Commanding commanding) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> {
                  instances.tell(
                      new Instances.Subscribe(context.messageAdapter(Instances.View.class, ViewChanged::new)));
                  processes.tell(new Context.SubscribeConflicts(
                      context.messageAdapter(Context.Conflicts.class, ConflictsChanged::new)));
                  ActorRef<CommanderActor.Command> commander = context.spawn(
                      CommanderActor.create(commanding.model().get(),
                          new CommanderActor.Wiring(
                              context.messageAdapter(CommanderActor.Activity.class, ActivityChanged::new),
                              context.messageAdapter(CommanderActor.TerminateRequested.class, TerminateRequested::new),
                              instances, processes),
                          commanding.resumeWindow(), commanding.persistenceId()),
                      "commander");
                  return new MasterActor(context, timers, localId, localFsm, conditions, commanding.conciliation(),
                      commander).initialization();
                }));
  }

  private MasterActor(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      String localId,
      ActorRef<SupvisorsFsm.Command> localFsm,
      SyncConditions conditions,
      ConciliationStrategy conciliation,
      ActorRef<CommanderActor.Command> commander) {
    this.context = context;
    context.setLoggerName(MasterActor.class);
    this.timers = timers;
    this.localId = localId;
    this.localFsm = localFsm;
    this.conditions = conditions;
    this.conciliation = conciliation;
    this.commander = commander;
    context.getLog().info("Master singleton started on {}", localId);
  }

  // ---------------------------------------------------------------- states

  private Behavior<Command> initialization() {
    if (isWorking(state)) {
      // Back from a working state: Supvisors drops every job then.
      commander.tell(CommanderActor.Abort.INSTANCE);
    }
    initializationStart = System.nanoTime();
    masterChosen = false;
    redeploy = Redeploy.NONE;
    declare(SupvisorsState.INITIALIZATION);
    armTimeCondition();
    return withDefaults(Behaviors.receive(Command.class)
        .onMessage(ViewChanged.class, m -> { view = m.view(); return evaluateSync(); })
        .onMessage(Evaluate.class, m -> evaluateSync())
        .onMessage(EndSync.class, this::onEndSync)
        .onMessage(Routed.class, m -> refuse(m, SupvisorsState.INITIALIZATION))
        .onMessage(TerminateRequested.class, m -> Behaviors.same()));
  }

  private Behavior<Command> deployment() {
    timers.cancelAll();
    boolean forced = redeploy == Redeploy.FORCED;
    redeploy = Redeploy.NONE;
    declare(SupvisorsState.DEPLOYMENT);
    deploymentsSent++;
    commander.tell(new CommanderActor.Deploy(forced));
    List<ActorRef<StatusReply<Boolean>>> waiting = forced ? List.copyOf(sequenceWaiters) : List.of();
    sequenceWaiters.removeAll(waiting);
    return working(() -> {
      if (activity.deployments() < deploymentsSent || activity.starting()) {
        return Behaviors.same();
      }
      waiting.forEach(w -> w.tell(StatusReply.success(true)));
      return operation();
    });
  }

  private Behavior<Command> operation() {
    declare(SupvisorsState.OPERATION);
    return evaluateOperation();
  }

  private Behavior<Command> evaluateOperation() {
    if (busy()) {
      return working(this::evaluateOperation);
    }
    if (!conflicts.isEmpty()) {
      return conciliation();
    }
    if (redeploy != Redeploy.NONE) {
      return deployment();
    }
    return working(this::evaluateOperation);
  }

  /** A managed process runs on more than one instance: the configured strategy applies. */
  private Behavior<Command> conciliation() {
    context.getLog().warn("conflicts: {}", conflicts);
    declare(SupvisorsState.CONCILIATION);
    commander.tell(new CommanderActor.Conciliate(conciliation));
    return working(this::evaluateConciliation);
  }

  private Behavior<Command> evaluateConciliation() {
    if (busy()) {
      return Behaviors.same();
    }
    if (conflicts.isEmpty()) {
      context.getLog().info("no conflict any more");
      return operation();
    }
    commander.tell(new CommanderActor.Conciliate(conciliation));
    return Behaviors.same();
  }

  /** DEPLOYMENT, OPERATION and CONCILIATION: {@code evaluate} runs after each change. */
  private Behavior<Command> working(Supplier<Behavior<Command>> evaluate) {
    return withDefaults(Behaviors.receive(Command.class)
        .onMessage(ViewChanged.class, m -> onViewWhileWorking(m, evaluate))
        .onMessage(ConflictsChanged.class, m -> { conflicts = m.conflicts().namespecs(); return evaluate.get(); })
        .onMessage(ActivityChanged.class, m -> { onActivity(m); return evaluate.get(); })
        .onMessage(Evaluate.class, m -> evaluate.get())
        .onMessage(EndSync.class, this::refuseEndSync)
        .onMessage(Routed.class, m -> onControl(m, evaluate))
        .onMessage(TerminateRequested.class, m -> terminating(m.request().restart())));
  }

  /** RESTARTING or SHUTTING_DOWN: every application stops by the global stop sequence, then FINAL. */
  private Behavior<Command> terminating(boolean restart) {
    declare(restart ? SupvisorsState.RESTARTING : SupvisorsState.SHUTTING_DOWN);
    stopAllsSent++;
    commander.tell(CommanderActor.StopAll.INSTANCE);
    sequenceWaiters.forEach(w -> w.tell(FaultReplies.error(Fault.ABNORMAL_TERMINATION, "Supvisors is stopping")));
    sequenceWaiters.clear();
    SupvisorsState current = state;
    Supplier<Behavior<Command>> evaluate = () ->
        activity.stopAlls() >= stopAllsSent && !activity.stopping() ? finalState(restart) : Behaviors.same();
    return withDefaults(Behaviors.receive(Command.class)
        .onMessage(ViewChanged.class, m -> { view = m.view(); return Behaviors.same(); })
        .onMessage(ConflictsChanged.class, m -> { conflicts = m.conflicts().namespecs(); return Behaviors.same(); })
        .onMessage(ActivityChanged.class, m -> { onActivity(m); return evaluate.get(); })
        .onMessage(Evaluate.class, m -> evaluate.get())
        .onMessage(EndSync.class, this::refuseEndSync)
        .onMessage(Routed.class, m -> refuse(m, current))
        .onMessage(TerminateRequested.class, m -> Behaviors.same()));
  }

  /** Every supervisord restarts or shuts down; the nodes stay in FINAL. */
  private Behavior<Command> finalState(boolean restart) {
    declare(SupvisorsState.FINAL);
    context.getSystem().receptionist().tell(Receptionist.find(
        LocalCommands.KEY, context.messageAdapter(Receptionist.Listing.class, LocalCommandsFound::new)));
    return withDefaults(Behaviors.receive(Command.class)
        .onMessage(LocalCommandsFound.class, m -> endSupervisords(m.listing(), restart))
        .onMessage(EndSync.class, this::refuseEndSync)
        .onMessage(Routed.class, m -> refuse(m, SupvisorsState.FINAL)));
  }

  private Behavior<Command> endSupervisords(Receptionist.Listing listing, boolean restart) {
    listing.getServiceInstances(LocalCommands.KEY).forEach(target -> target.tell(new LocalCommands.EndSupervisord(restart)));
    return Behaviors.same();
  }

  /** The handlers of a state first; then what every state does with what it did not handle. */
  private Behavior<Command> withDefaults(BehaviorBuilder<Command> state) {
    return state
        .onMessage(Stop.class, m -> Behaviors.stopped())
        .onMessage(ActivityChanged.class, m -> { onActivity(m); return Behaviors.same(); })
        .onMessage(ConflictsChanged.class, m -> { conflicts = m.conflicts().namespecs(); return Behaviors.same(); })
        .onMessage(ViewChanged.class, m -> { view = m.view(); return Behaviors.same(); })
        .onMessage(Evaluate.class, m -> Behaviors.same())
        .onMessage(TerminateRequested.class, m -> Behaviors.same())
        .onSignal(PostStop.class, s -> onPostStop())
        .build();
  }

  // ---------------------------------------------------------------- handlers

  private Behavior<Command> evaluateSync() {
    if (!view.isRunning(localId)) {
      return Behaviors.same();
    }
    Duration uptime = Duration.ofNanos(System.nanoTime() - initializationStart);
    if (conditions.satisfied(view, uptime, masterChosen)) {
      context.getLog().info("synchronization complete after {} ms", uptime.toMillis());
      return deployment();
    }
    return Behaviors.same();
  }

  private Behavior<Command> onEndSync(EndSync endSync) {
    String master = endSync.master();
    if (!master.isEmpty()) {
      InstanceInfo info = view.instances().get(master);
      if (info == null) {
        endSync.replyTo().tell(FaultReplies.error(Fault.BAD_NAME, "unknown Supvisors identifier: " + master));
        return Behaviors.same();
      }
      if (info.state() != InstanceState.RUNNING) {
        endSync.replyTo().tell(FaultReplies.error(Fault.NOT_RUNNING,
            "Supvisors instance=" + master + " is not RUNNING (" + info.state() + ")"));
        return Behaviors.same();
      }
      if (!master.equals(localId)) {
        // The Master is the cluster singleton's host: it cannot be moved to another instance.
        endSync.replyTo().tell(FaultReplies.error(Fault.INCORRECT_PARAMETERS,
            "the Master can only be " + localId + ", the instance hosting the Master singleton"));
        return Behaviors.same();
      }
    }
    if (!view.isRunning(localId)) {
      endSync.replyTo().tell(FaultReplies.error(Fault.NOT_RUNNING,
          "Supvisors instance=" + localId + " is not RUNNING"));
      return Behaviors.same();
    }
    masterChosen = true;
    endSync.replyTo().tell(StatusReply.success(true));
    return evaluateSync();
  }

  private Behavior<Command> refuseEndSync(EndSync endSync) {
    endSync.replyTo().tell(FaultReplies.notInitialization(state));
    return Behaviors.same();
  }

  /**
   * The requests of the API. The node checked its own state; the Master, which the node may not
   * have followed yet, checks its own too.
   */
  private Behavior<Command> onControl(Routed routed, Supplier<Behavior<Command>> evaluate) {
    Control control = routed.control();
    if (control instanceof Control.Terminate terminate) {
      terminate.replyTo().tell(StatusReply.success(true));
      return terminating(terminate.restart());
    }
    if (control instanceof Control.RestartSequence sequence) {
      redeploy = Redeploy.FORCED;
      if (sequence.await()) {
        sequenceWaiters.add(sequence.replyTo());
      } else {
        sequence.replyTo().tell(StatusReply.success(true));
      }
      return evaluate.get();
    }
    commander.tell(new CommanderActor.Request(routed.origin(), control));
    return Behaviors.same();
  }

  /** The node saw a state the Master has already left. */
  private Behavior<Command> refuse(Routed routed, SupvisorsState current) {
    routed.control().refuse(Fault.BAD_SUPVISORS_STATE, "Supvisors (state=" + current + ") cannot do it now");
    return Behaviors.same();
  }

  private Behavior<Command> onViewWhileWorking(ViewChanged changed, Supplier<Behavior<Command>> evaluate) {
    Instances.View previous = view;
    view = changed.view();
    if (!view.isRunning(localId)) {
      context.getLog().warn("the Master instance {} is not RUNNING any more", localId);
      return initialization();
    }
    for (InstanceInfo info : view.instances().values()) {
      if (info.state() == InstanceState.RUNNING && !previous.isRunning(info.identifier())
          && redeploy == Redeploy.NONE) {
        context.getLog().info("instance {} joined: applications will be repaired", info.identifier());
        redeploy = Redeploy.REPAIR;
      }
    }
    return evaluate.get();
  }

  private void onActivity(ActivityChanged changed) {
    boolean modesChanged = changed.activity().starting() != activity.starting()
        || changed.activity().stopping() != activity.stopping();
    activity = changed.activity();
    if (modesChanged && state != SupvisorsState.OFF) {
      declare(state);
    }
  }

  private boolean busy() {
    return activity.starting() || activity.stopping() || activity.deployments() < deploymentsSent;
  }

  private Behavior<Command> onPostStop() {
    localFsm.tell(new SupvisorsFsm.MasterDeclared(null, false, false));
    return Behaviors.same();
  }

  private void declare(SupvisorsState newState) {
    if (newState != state) {
      context.getLog().info("Supvisors state {}", newState);
    }
    state = newState;
    commander.tell(new CommanderActor.FsmState(newState));
    localFsm.tell(new SupvisorsFsm.MasterDeclared(newState, activity.starting(), activity.stopping()));
  }

  private static boolean isWorking(SupvisorsState s) {
    return Set.of(SupvisorsState.DEPLOYMENT, SupvisorsState.OPERATION, SupvisorsState.CONCILIATION).contains(s);
  }

  private void armTimeCondition() {
    Duration uptime = Duration.ofNanos(System.nanoTime() - initializationStart);
    Duration next = conditions.nextTimeCondition(uptime);
    if (next.compareTo(Duration.ofHours(1)) < 0) {
      timers.startSingleTimer(Evaluate.INSTANCE, next.plusMillis(5));
    }
  }
}
