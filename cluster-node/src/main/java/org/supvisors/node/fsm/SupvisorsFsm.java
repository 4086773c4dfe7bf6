package org.supvisors.node.fsm;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.BehaviorBuilder;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.pubsub.Topic;
import akka.pattern.StatusReply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.supvisors.node.cluster.Topics;
import org.supvisors.node.instance.Instances;
import org.supvisors.node.master.MasterActor;
import org.supvisors.protocol.Fault;
import org.supvisors.protocol.InstanceInfo;
import org.supvisors.protocol.InstanceState;
import org.supvisors.protocol.StateModes;
import org.supvisors.protocol.SupvisorsState;
import org.supvisors.protocol.SupvisorsStatus;
import org.supvisors.protocol.SynchroOption;

/**
 * This node's Supvisors state, the one its API reports and its guards check. OFF until the local
 * instance is being checked, INITIALIZATION until a Master declares the end of the
 * synchronization, then the Master's state: the node hosting the Master singleton takes it from
 * its {@link MasterActor}, the others from the Master's declarations. Losing the local instance or
 * the Master sends the node back to INITIALIZATION, as in Supvisors. Each change of the resulting
 * {@link SupvisorsStatus} (state, Master, instances with jobs) is published on the state topic.
 */
public final class SupvisorsFsm {

  public interface Command {}

  /**
   * The Master singleton hosted here declares its state ({@code null} when it stops here) and
   * whether its commander has starting or stopping jobs.
   */
  public record MasterDeclared(SupvisorsState state, boolean startingJobs, boolean stoppingJobs)
      implements Command {}

  /** The Master singleton's proxy, known once the singleton is initialised. */
  public record UseMaster(ActorRef<MasterActor.Command> proxy) implements Command {}

  public record GetStatus(ActorRef<SupvisorsStatus> replyTo) implements Command {}

  public record EndSync(String master, ActorRef<StatusReply<Boolean>> replyTo) implements Command {}

  private record ViewChanged(Instances.View view) implements Command {}

  private final ActorContext<Command> context;
  private final String localId;
  private final ActorRef<Instances.Command> instances;
  private final ActorRef<Topic.Command<Topics.StateEvent>> changes;
  private SupvisorsStatus published;
  private ActorRef<MasterActor.Command> masterProxy;
  private final List<SynchroOption> synchroOptions;
  private final boolean autoFence;
  /** Declared in every state-modes and status: {@code discovery_mode} of get_state and get_instance_info. */
  private final boolean discoveryMode;
  private Instances.View view = new Instances.View(java.util.Map.of());
  private SupvisorsState state = SupvisorsState.OFF;
  private SupvisorsState hostedMasterState;
  private boolean hostedStarting;
  private boolean hostedStopping;
  private String masterId = "";

  /** @param discoveryMode whether {@code multicast_group} is set */
  public static Behavior<Command> create(
      String localId,
      ActorRef<Instances.Command> instances,
      List<SynchroOption> synchroOptions,
      boolean autoFence,
      boolean discoveryMode,
      ActorRef<Topic.Command<Topics.StateEvent>> changes) {
    return Behaviors.setup(
        context -> {
          instances.tell(
              new Instances.Subscribe(context.messageAdapter(Instances.View.class, ViewChanged::new)));
          return new SupvisorsFsm(context, localId, instances, synchroOptions, autoFence, discoveryMode, changes).off();
        });
  }

  private SupvisorsFsm(
      ActorContext<Command> context,
      String localId,
      ActorRef<Instances.Command> instances,
      List<SynchroOption> synchroOptions,
      boolean autoFence,
      boolean discoveryMode,
      ActorRef<Topic.Command<Topics.StateEvent>> changes) {
    this.context = context;
    this.discoveryMode = discoveryMode;
    context.setLoggerName(SupvisorsFsm.class);
    this.localId = localId;
    this.instances = instances;
    this.changes = changes;
    this.synchroOptions = List.copyOf(synchroOptions);
    this.autoFence = autoFence;
  }

  // ---------------------------------------------------------------- states

  private Behavior<Command> off() {
    return base()
        .onMessage(ViewChanged.class, m -> viewed(m, () -> localCommunicates() ? initialization() : Behaviors.same()))
        .onMessage(EndSync.class, this::refuseEndSync)
        .build();
  }

  private Behavior<Command> initialization() {
    boolean wasWorking = state != SupvisorsState.OFF;
    masterId = "";
    enter(SupvisorsState.INITIALIZATION);
    if (wasWorking) {
      instances.tell(new Instances.ResetForInitialization());
    }
    Behavior<Command> behavior = base()
        .onMessage(ViewChanged.class, m -> viewed(m, this::synchronize))
        .onMessage(EndSync.class, this::onEndSync)
        .build();
    // The current view may already show a Master: adopt it without waiting for the next change.
    Behavior<Command> next = synchronize();
    return next == Behaviors.<Command>same() ? behavior : next;
  }

  /** DEPLOYMENT and every later state: this node follows the Master. */
  private Behavior<Command> following(SupvisorsState masterState) {
    enter(masterState);
    return base()
        .onMessage(ViewChanged.class, m -> viewed(m, this::follow))
        .onMessage(EndSync.class, this::refuseEndSync)
        .build();
  }

  private BehaviorBuilder<Command> base() {
    return Behaviors.receive(Command.class)
        .onMessage(MasterDeclared.class, this::onMasterDeclared)
        .onMessage(GetStatus.class, this::onGetStatus)
        .onMessage(UseMaster.class, m -> { masterProxy = m.proxy(); return Behaviors.same(); });
  }

  // ---------------------------------------------------------------- transitions

  /** A new view of the instances: the state may change, the job lists of the status too. */
  private Behavior<Command> viewed(ViewChanged changed, Supplier<Behavior<Command>> next) {
    view = changed.view();
    Behavior<Command> behavior = next.get();
    publishStatus();
    return behavior;
  }

  private Behavior<Command> synchronize() {
    activateChecked();
    if (!view.isRunning(localId)) {
      return Behaviors.same();
    }
    Optional<String> master = declaredMaster();
    if (master.isEmpty()) {
      return Behaviors.same();
    }
    masterId = master.get();
    instances.tell(new Instances.InvalidateUnknown(autoFence));
    context.getLog().info("Master is {}", masterId);
    return following(masterState());
  }

  private Behavior<Command> follow() {
    activateChecked();
    if (!view.isRunning(localId)) {
      context.getLog().warn("local instance {} is not RUNNING: back to INITIALIZATION", localId);
      return initialization();
    }
    Optional<String> master = declaredMaster();
    if (master.isEmpty() || !master.get().equals(masterId)) {
      context.getLog().warn("Master {} lost: back to INITIALIZATION", masterId);
      return initialization();
    }
    SupvisorsState masterState = masterState();
    return masterState == state ? Behaviors.same() : following(masterState);
  }

  private Behavior<Command> onMasterDeclared(MasterDeclared declared) {
    hostedMasterState = declared.state();
    boolean modesChanged = declared.startingJobs() != hostedStarting || declared.stoppingJobs() != hostedStopping;
    hostedStarting = declared.startingJobs();
    hostedStopping = declared.stoppingJobs();
    Behavior<Command> next = state == SupvisorsState.INITIALIZATION ? synchronize()
        : state == SupvisorsState.OFF ? Behaviors.same() : follow();
    if (modesChanged && next == Behaviors.<Command>same()) {
      enter(state);
    }
    return next;
  }

  /**
   * The Master that ends the synchronization: this node if it hosts the singleton past
   * INITIALIZATION, otherwise a RUNNING instance that declares itself Master past INITIALIZATION.
   */
  private Optional<String> declaredMaster() {
    if (isPastInitialization(hostedMasterState)) {
      return Optional.of(localId);
    }
    for (InstanceInfo info : view.instances().values()) {
      if (!info.identifier().equals(localId)
          && info.state() == InstanceState.RUNNING
          && info.identifier().equals(info.stateModes().masterIdentifier())
          && isPastInitialization(info.stateModes().fsmState())) {
        return Optional.of(info.identifier());
      }
    }
    return Optional.empty();
  }

  private SupvisorsState masterState() {
    return masterId.equals(localId)
        ? hostedMasterState
        : view.get(masterId).map(i -> i.stateModes().fsmState()).orElse(SupvisorsState.INITIALIZATION);
  }

  private static boolean isPastInitialization(SupvisorsState s) {
    return s != null && s != SupvisorsState.OFF && s != SupvisorsState.INITIALIZATION;
  }

  private boolean localCommunicates() {
    return view.get(localId).map(i -> i.state() != InstanceState.UNKNOWN).orElse(false);
  }

  private void activateChecked() {
    if (view.instances().values().stream().anyMatch(i -> i.state() == InstanceState.CHECKED)) {
      instances.tell(new Instances.ActivateChecked());
    }
  }

  private void enter(SupvisorsState newState) {
    if (newState != state) {
      context.getLog().info("Supvisors state {} -> {}", state, newState);
    }
    state = newState;
    // Jobs run in the Master: only the Master's instance declares them.
    boolean master = masterId.equals(localId);
    instances.tell(new Instances.SetLocalModes(
        new StateModes(state, discoveryMode, masterId, master && hostedStarting, master && hostedStopping)));
    publishStatus();
  }

  private void publishStatus() {
    SupvisorsStatus status = status();
    if (!status.equals(published)) {
      published = status;
      changes.tell(Topic.publish(new Topics.StateChanged(status)));
    }
  }

  // ---------------------------------------------------------------- requests

  private Behavior<Command> onGetStatus(GetStatus get) {
    get.replyTo().tell(status());
    return Behaviors.same();
  }

  private SupvisorsStatus status() {
    List<String> starting = new ArrayList<>();
    List<String> stopping = new ArrayList<>();
    for (InstanceInfo info : view.instances().values()) {
      if (info.stateModes().startingJobs()) {
        starting.add(info.identifier());
      }
      if (info.stateModes().stoppingJobs()) {
        stopping.add(info.identifier());
      }
    }
    return new SupvisorsStatus(state, discoveryMode, masterId, starting, stopping);
  }

  private Behavior<Command> onEndSync(EndSync endSync) {
    if (!masterId.isEmpty()) {
      endSync.replyTo().tell(FaultReplies.error(Fault.BAD_SUPVISORS_STATE, "Master already set: " + masterId));
    } else if (!synchroOptions.contains(SynchroOption.USER)) {
      endSync.replyTo().tell(FaultReplies.error(Fault.INCORRECT_PARAMETERS, "USER expected in synchro_options"));
    } else if (!endSync.master().isEmpty() && view.get(endSync.master()).isEmpty()) {
      endSync.replyTo().tell(FaultReplies.error(Fault.BAD_NAME, "unknown Supvisors identifier: " + endSync.master()));
    } else {
      // The Master singleton decides; its answer goes straight back to the caller.
      masterProxy.tell(new MasterActor.EndSync(endSync.master(), endSync.replyTo()));
    }
    return Behaviors.same();
  }

  private Behavior<Command> refuseEndSync(EndSync endSync) {
    endSync.replyTo().tell(FaultReplies.notInitialization(state));
    return Behaviors.same();
  }


  /** Bounded wait for the singleton's answer; the API turns a timeout into a FAILED fault. */
  public static final Duration END_SYNC_TIMEOUT = Duration.ofSeconds(10);
}
