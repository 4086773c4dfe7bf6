package org.supvisors.node.master;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.BehaviorBuilder;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.pattern.StatusReply;
import java.time.Duration;
import org.supvisors.node.context.Context;
import org.supvisors.node.fsm.FaultReplies;
import org.supvisors.node.fsm.SupvisorsFsm;
import org.supvisors.node.fsm.SyncConditions;
import org.supvisors.node.instance.Instances;
import org.supvisors.protocol.ClusterSerializable;
import org.supvisors.protocol.Fault;
import org.supvisors.protocol.InstanceInfo;
import org.supvisors.protocol.InstanceState;
import org.supvisors.protocol.SupvisorsState;

/**
 * The Master: a cluster singleton that owns the Supvisors state machine of the whole cluster
 * (OFF, INITIALIZATION, DEPLOYMENT, OPERATION, CONCILIATION, RESTARTING, SHUTTING_DOWN, FINAL). The
 * node hosting it is the Master instance; it declares each state to its local
 * {@link SupvisorsFsm}, which shares it with every node, and the other nodes follow it.
 *
 * <p>It works on the instances as its own node sees them. INITIALIZATION ends when one of the
 * {@code synchro_options} conditions holds; DEPLOYMENT then leads to OPERATION.
 */
public final class MasterActor {

  public interface Command {}

  /** Ends the synchronization (USER option), sent by any node through the singleton proxy. */
  public record EndSync(String master, ActorRef<StatusReply<Boolean>> replyTo)
      implements Command, ClusterSerializable {}

  /** Graceful hand-over: the singleton manager sends it before moving the Master. */
  public enum Stop implements Command, ClusterSerializable { INSTANCE }

  private record ViewChanged(Instances.View view) implements Command {}

  private record ConflictsChanged(Context.Conflicts conflicts) implements Command {}

  private enum Evaluate implements Command { INSTANCE }

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final String localId;
  private final ActorRef<SupvisorsFsm.Command> localFsm;
  private final SyncConditions conditions;
  private Instances.View view = new Instances.View(java.util.Map.of());
  private java.util.List<String> conflicts = java.util.List.of();
  private long initializationStart = System.nanoTime();
  private boolean masterChosen;

  public static Behavior<Command> create(
      String localId,
      ActorRef<Instances.Command> instances,
      ActorRef<Context.Command> processes,
      ActorRef<SupvisorsFsm.Command> localFsm,
      SyncConditions conditions) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> {
                  instances.tell(
                      new Instances.Subscribe(context.messageAdapter(Instances.View.class, ViewChanged::new)));
                  processes.tell(new Context.SubscribeConflicts(
                      context.messageAdapter(Context.Conflicts.class, ConflictsChanged::new)));
                  return new MasterActor(context, timers, localId, localFsm, conditions).initialization();
                }));
  }

  private MasterActor(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      String localId,
      ActorRef<SupvisorsFsm.Command> localFsm,
      SyncConditions conditions) {
    this.context = context;
    context.setLoggerName(MasterActor.class);
    this.timers = timers;
    this.localId = localId;
    this.localFsm = localFsm;
    this.conditions = conditions;
    context.getLog().info("Master singleton started on {}", localId);
  }

  // ---------------------------------------------------------------- states

  private Behavior<Command> initialization() {
    initializationStart = System.nanoTime();
    masterChosen = false;
    declare(SupvisorsState.INITIALIZATION);
    armTimeCondition();
    return base()
        .onMessage(ViewChanged.class, m -> { view = m.view(); return evaluateSync(); })
        .onMessage(Evaluate.class, m -> evaluateSync())
        .onMessage(ConflictsChanged.class, m -> { conflicts = m.conflicts().namespecs(); return Behaviors.same(); })
        .onMessage(EndSync.class, this::onEndSync)
        .build();
  }

  private Behavior<Command> deployment() {
    timers.cancelAll();
    declare(SupvisorsState.DEPLOYMENT);
    // Nothing to deploy without the commander: deployment is immediately complete.
    return operation();
  }

  private Behavior<Command> operation() {
    if (!conflicts.isEmpty()) {
      return conciliation();
    }
    declare(SupvisorsState.OPERATION);
    return working(SupvisorsState.OPERATION);
  }

  /** A managed process runs on more than one instance; resolving it comes with the commander. */
  private Behavior<Command> conciliation() {
    context.getLog().warn("conflicts: {}", conflicts);
    declare(SupvisorsState.CONCILIATION);
    return working(SupvisorsState.CONCILIATION);
  }

  /** DEPLOYMENT, OPERATION and CONCILIATION share how the Master reacts to its own instance. */
  private Behavior<Command> working(SupvisorsState state) {
    return base()
        .onMessage(ViewChanged.class, m -> onViewWhileWorking(m))
        .onMessage(ConflictsChanged.class, m -> onConflicts(m, state))
        .onMessage(Evaluate.class, m -> Behaviors.same())
        .onMessage(EndSync.class, m -> refuseEndSync(m, state))
        .build();
  }

  private BehaviorBuilder<Command> base() {
    return Behaviors.receive(Command.class)
        .onMessage(Stop.class, m -> Behaviors.stopped())
        .onSignal(PostStop.class, s -> onPostStop());
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

  private Behavior<Command> refuseEndSync(EndSync endSync, SupvisorsState state) {
    endSync.replyTo().tell(FaultReplies.notInitialization(state));
    return Behaviors.same();
  }

  private Behavior<Command> onViewWhileWorking(ViewChanged changed) {
    view = changed.view();
    if (!view.isRunning(localId)) {
      context.getLog().warn("the Master instance {} is not RUNNING any more", localId);
      return initialization();
    }
    return Behaviors.same();
  }

  private Behavior<Command> onConflicts(ConflictsChanged changed, SupvisorsState state) {
    conflicts = changed.conflicts().namespecs();
    if (state == SupvisorsState.OPERATION && !conflicts.isEmpty()) {
      return conciliation();
    }
    if (state == SupvisorsState.CONCILIATION && conflicts.isEmpty()) {
      context.getLog().info("no conflict any more");
      return operation();
    }
    return Behaviors.same();
  }

  private Behavior<Command> onPostStop() {
    localFsm.tell(new SupvisorsFsm.MasterDeclared(null));
    return Behaviors.same();
  }

  private void declare(SupvisorsState state) {
    context.getLog().info("Supvisors state {}", state);
    localFsm.tell(new SupvisorsFsm.MasterDeclared(state));
  }

  private void armTimeCondition() {
    Duration uptime = Duration.ofNanos(System.nanoTime() - initializationStart);
    Duration next = conditions.nextTimeCondition(uptime);
    if (next.compareTo(Duration.ofHours(1)) < 0) {
      timers.startSingleTimer(Evaluate.INSTANCE, next.plusMillis(5));
    }
  }
}
