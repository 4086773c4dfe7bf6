package org.supvisors.node.api;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import akka.japi.function.Function;
import akka.pattern.StatusReply;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.supvisors.http.SupvisorsService;
import org.supvisors.node.config.NodeSettings;
import org.supvisors.node.context.Context;
import org.supvisors.node.context.ContextView;
import org.supvisors.node.context.ProcessStatus;
import org.supvisors.node.fsm.SupvisorsFsm;
import org.supvisors.node.instance.Instances;
import org.supvisors.node.local.LocalCommands;
import org.supvisors.node.master.Control;
import org.supvisors.node.master.MasterActor;
import org.supvisors.protocol.ApplicationInfo;
import org.supvisors.protocol.ConciliationStrategy;
import org.supvisors.protocol.Fault;
import org.supvisors.protocol.InstanceState;
import org.supvisors.protocol.LocalProcessInfo;
import org.supvisors.protocol.Namespec;
import org.supvisors.protocol.ProcessInfo;
import org.supvisors.protocol.StartingStrategy;
import org.supvisors.protocol.WireStruct;
import org.supvisors.protocol.InstanceInfo;
import org.supvisors.protocol.LogLevel;
import org.supvisors.protocol.Strategies;
import org.supvisors.protocol.SupvisorsException;
import org.supvisors.protocol.SupvisorsFault;
import org.supvisors.protocol.SupvisorsStatus;

/**
 * {@link SupvisorsService} implemented with asks to this node's actors. Guards use the local
 * Supvisors state; control requests then go to the Master singleton, except those acting on this
 * node's supervisord only (start_args, enable, disable), which go to its {@link LocalCommands}.
 */
public final class NodeService implements SupvisorsService {

  /** Supvisors API version this node is compatible with. */
  public static final String API_VERSION = "0.17.4";

  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

  /**
   * Bound of a control request with wait. Supvisors has none (the HTTP request stays open), but an
   * ask needs one: long enough for slow starts and stops, and shorter than the node's HTTP idle
   * timeout (310 s) so that the client gets a fault rather than a closed connection.
   */
  static final Duration WAIT_TIMEOUT = Duration.ofMinutes(5);

  /** Bound of a control request without wait: the answer comes once the jobs are planned. */
  static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(10);

  private final ActorSystem<?> system;
  private final NodeSettings settings;
  private final ActorRef<Instances.Command> instances;
  private final ActorRef<SupvisorsFsm.Command> fsm;
  private final ActorRef<Context.Command> context;
  private final ActorRef<MasterActor.Command> master;
  private final ActorRef<LocalCommands.Command> localCommands;

  /**
   * @param master the proxy of the Master singleton
   * @param localCommands this node's actor acting on its supervisord
   */
  public NodeService(
      ActorSystem<?> system,
      NodeSettings settings,
      ActorRef<Instances.Command> instances,
      ActorRef<SupvisorsFsm.Command> fsm,
      ActorRef<Context.Command> context,
      ActorRef<MasterActor.Command> master,
      ActorRef<LocalCommands.Command> localCommands) {
    this.system = system;
    this.settings = settings;
    this.instances = instances;
    this.fsm = fsm;
    this.context = context;
    this.master = master;
    this.localCommands = localCommands;
  }

  @Override
  public String apiVersion() {
    return API_VERSION;
  }

  @Override
  public CompletionStage<SupvisorsStatus> supvisorsState() {
    return AskPattern.ask(fsm, SupvisorsFsm.GetStatus::new, ASK_TIMEOUT, system.scheduler());
  }

  @Override
  public CompletionStage<String> masterIdentifier() {
    return supvisorsState().thenApply(SupvisorsStatus::masterIdentifier);
  }

  @Override
  public CompletionStage<Strategies> strategies() {
    return java.util.concurrent.CompletableFuture.completedFuture(
        new Strategies(
            settings.options().autoFence(),
            settings.options().startingStrategy(),
            settings.options().conciliationStrategy()));
  }

  @Override
  public CompletionStage<List<InstanceInfo>> allInstancesInfo() {
    return view().thenCombine(contextView(), (view, processes) -> {
      List<InstanceInfo> infos = new ArrayList<>();
      view.instances().values().forEach(info -> infos.add(withLoad(info, processes)));
      infos.sort(Comparator.comparing(InstanceInfo::identifier));
      return infos;
    });
  }

  @Override
  public CompletionStage<InstanceInfo> instanceInfo(String identifier) {
    return view().thenCombine(contextView(), (view, processes) -> view.get(identifier)
        .map(info -> withLoad(info, processes))
        .orElseThrow(() -> new SupvisorsException(Fault.INCORRECT_PARAMETERS, identifier + " unknown to Supvisors")));
  }

  /** Loading and process_failure come from the process model (compat xmlrpc 4.2). */
  private static InstanceInfo withLoad(InstanceInfo info, ContextView processes) {
    boolean failure = info.state() == InstanceState.RUNNING && processes.processFailure(info.identifier());
    return info.withLoad(processes.loading(info.identifier()), failure);
  }

  // ---------------------------------------------------------------- applications and processes

  @Override
  public CompletionStage<List<ApplicationInfo>> allApplicationsInfo() {
    return guardedContextView().thenApply(v -> List.copyOf(v.applications().values()));
  }

  @Override
  public CompletionStage<ApplicationInfo> applicationInfo(String applicationName) {
    return guardedContextView().thenApply(v -> v.application(applicationName)
        .orElseThrow(() -> unknownApplication(applicationName)));
  }

  @Override
  public CompletionStage<WireStruct> applicationRules(String applicationName) {
    return guardedContextView().thenApply(v -> {
      v.application(applicationName).orElseThrow(() -> unknownApplication(applicationName));
      return v.rules().applicationRules(applicationName);
    });
  }

  @Override
  public CompletionStage<List<ProcessInfo>> allProcessInfo() {
    return guardedContextView().thenApply(ContextView::processInfos);
  }

  @Override
  public CompletionStage<List<ProcessInfo>> processInfo(String namespec) {
    return guardedContextView().thenApply(v -> targets(v, namespec).stream().map(ProcessStatus::toInfo).toList());
  }

  @Override
  public CompletionStage<List<WireStruct>> processRules(String namespec) {
    return guardedContextView().thenApply(v -> targets(v, namespec).stream()
        .map(status -> (WireStruct) status.rulesIn(v.rules()))
        .toList());
  }

  @Override
  public CompletionStage<List<ProcessInfo>> conflicts() {
    return guardedContextView().thenApply(ContextView::conflicts);
  }

  @Override
  public CompletionStage<List<LocalProcessInfo>> allLocalProcessInfo() {
    return contextView().thenApply(v -> {
      List<LocalProcessInfo> infos = new ArrayList<>(v.localProcesses(settings.local().identifier()));
      infos.sort(Comparator.comparing(LocalProcessInfo::group).thenComparing(LocalProcessInfo::name));
      return infos;
    });
  }

  @Override
  public CompletionStage<LocalProcessInfo> localProcessInfo(String namespec) {
    return contextView().thenApply(v -> {
      Namespec name = Namespec.parse(namespec);
      return v.localProcesses(settings.local().identifier()).stream()
          .filter(info -> !name.wholeGroup() && info.group().equals(name.group()) && info.name().equals(name.process()))
          .findFirst()
          .orElseThrow(() -> new SupvisorsException(Fault.BAD_NAME, namespec));
    });
  }

  /** The processes a namespec names, or the BAD_NAME faults of compat xmlrpc 5.1. */
  private static List<ProcessStatus> targets(ContextView v, String namespec) {
    Namespec name = Namespec.parse(namespec);
    List<ProcessStatus> group = v.group(name.group());
    if (group.isEmpty()) {
      throw unknownApplication(name.group());
    }
    if (name.wholeGroup()) {
      return group;
    }
    return group.stream().filter(p -> p.processName().equals(name.process())).findFirst()
        .map(List::of)
        .orElseThrow(() -> new SupvisorsException(Fault.BAD_NAME,
            "process=" + name.process() + " unknown in application=" + name.group()));
  }

  private static SupvisorsException unknownApplication(String name) {
    return new SupvisorsException(Fault.BAD_NAME, "application " + name + " unknown to Supvisors");
  }

  /** The guard is checked before anything else, as in Supvisors. */
  private CompletionStage<ContextView> guardedContextView() {
    return guard(StateGuard.FROM_DEPLOYMENT).thenCompose(allowed -> contextView());
  }

  @Override
  public CompletionStage<Void> guard(StateGuard guard) {
    return supvisorsState().thenAccept(status -> {
      if (!guard.allows(status.fsmState())) {
        throw new SupvisorsException(SupvisorsFault.badState(status.fsmState(), guard.states()));
      }
    });
  }

  private CompletionStage<ContextView> contextView() {
    return AskPattern.ask(context, Context.GetView::new, ASK_TIMEOUT, system.scheduler());
  }

  @Override
  public CompletionStage<Boolean> endSync(String master) {
    CompletionStage<Boolean> reply = AskPattern.ask(
        fsm,
        (ActorRef<StatusReply<Boolean>> replyTo) -> new SupvisorsFsm.EndSync(master, replyTo),
        SupvisorsFsm.END_SYNC_TIMEOUT,
        system.scheduler())
        .thenApply(StatusReply::getValue);
    return reply.exceptionally(failure -> { throw asFault(failure); });
  }

  @Override
  public CompletionStage<Boolean> changeLogLevel(LogLevel level) {
    LogLevels.apply(level);
    return java.util.concurrent.CompletableFuture.completedFuture(true);
  }

  // ---------------------------------------------------------------- control

  @Override
  public CompletionStage<Boolean> startApplication(StartingStrategy strategy, String applicationName, boolean wait) {
    return toMaster(StateGuard.OPERATING, wait,
        replyTo -> new Control.StartApplication(strategy, applicationName, wait, replyTo));
  }

  @Override
  public CompletionStage<Boolean> stopApplication(String applicationName, boolean wait) {
    return toMaster(StateGuard.OPERATING_CONCILIATION, wait,
        replyTo -> new Control.StopApplication(applicationName, wait, replyTo));
  }

  @Override
  public CompletionStage<Boolean> restartApplication(StartingStrategy strategy, String applicationName, boolean wait) {
    return toMaster(StateGuard.OPERATING, wait,
        replyTo -> new Control.RestartApplication(strategy, applicationName, wait, replyTo));
  }

  /** Not guarded: the Master starts processes with it during DEPLOYMENT. */
  @Override
  public CompletionStage<Boolean> startArgs(String namespec, String extraArgs, boolean wait) {
    return askWithStatus(localCommands, wait, replyTo -> new LocalCommands.StartArgs(namespec, extraArgs, wait, replyTo));
  }

  @Override
  public CompletionStage<Boolean> startProcess(
      StartingStrategy strategy, String namespec, String extraArgs, boolean wait) {
    return toMaster(StateGuard.OPERATING, wait,
        replyTo -> new Control.StartProcess(strategy, namespec, extraArgs, wait, replyTo));
  }

  @Override
  public CompletionStage<String> startAnyProcess(
      StartingStrategy strategy, String regex, String extraArgs, boolean wait) {
    return toMaster(StateGuard.OPERATING, wait,
        replyTo -> new Control.StartAnyProcess(strategy, regex, extraArgs, wait, replyTo));
  }

  @Override
  public CompletionStage<Boolean> stopProcess(String namespec, boolean wait) {
    return toMaster(StateGuard.OPERATING_CONCILIATION, wait,
        replyTo -> new Control.StopProcess(namespec, wait, replyTo));
  }

  @Override
  public CompletionStage<Boolean> restartProcess(
      StartingStrategy strategy, String namespec, String extraArgs, boolean wait) {
    return toMaster(StateGuard.OPERATING, wait,
        replyTo -> new Control.RestartProcess(strategy, namespec, extraArgs, wait, replyTo));
  }

  @Override
  public CompletionStage<Boolean> restartSequence(boolean wait) {
    return toMaster(StateGuard.OPERATING, wait, replyTo -> new Control.RestartSequence(wait, replyTo));
  }

  @Override
  public CompletionStage<Boolean> restart() {
    return toMaster(StateGuard.FROM_DEPLOYMENT, false, replyTo -> new Control.Terminate(true, replyTo));
  }

  @Override
  public CompletionStage<Boolean> shutdown() {
    return toMaster(StateGuard.FROM_DEPLOYMENT, false, replyTo -> new Control.Terminate(false, replyTo));
  }

  @Override
  public CompletionStage<Boolean> conciliate(ConciliationStrategy strategy) {
    return toMaster(StateGuard.CONCILIATION, false, replyTo -> new Control.Conciliate(strategy, replyTo));
  }

  @Override
  public CompletionStage<Boolean> enable(String programName, boolean wait) {
    return guard(StateGuard.OPERATING).thenCompose(allowed ->
        askWithStatus(localCommands, wait, replyTo -> new LocalCommands.Enable(programName, wait, replyTo)));
  }

  @Override
  public CompletionStage<Boolean> disable(String programName, boolean wait) {
    return guard(StateGuard.OPERATING).thenCompose(allowed ->
        askWithStatus(localCommands, wait, replyTo -> new LocalCommands.Disable(programName, wait, replyTo)));
  }

  /**
   * Checks the local guard, then asks the Master singleton, telling it this instance (the local one
   * of the LOCAL strategy).
   */
  private <T> CompletionStage<T> toMaster(
      StateGuard guard, boolean wait, Function<ActorRef<StatusReply<T>>, Control> request) {
    String origin = settings.local().identifier();
    return guard(guard).thenCompose(allowed -> askWithStatus(master, wait,
        (ActorRef<StatusReply<T>> replyTo) -> new MasterActor.Routed(origin, request.apply(replyTo))));
  }

  /** An ask bounded by {@link #WAIT_TIMEOUT} or {@link #CONTROL_TIMEOUT}; a StatusReply error becomes its fault. */
  private <C, T> CompletionStage<T> askWithStatus(
      ActorRef<C> target, boolean wait, Function<ActorRef<StatusReply<T>>, C> request) {
    CompletionStage<T> reply = AskPattern.askWithStatus(
        target, request, wait ? WAIT_TIMEOUT : CONTROL_TIMEOUT, system.scheduler());
    return reply.exceptionally(failure -> { throw asFault(failure); });
  }

  private CompletionStage<Instances.View> view() {
    return AskPattern.ask(instances, Instances.GetAll::new, ASK_TIMEOUT, system.scheduler());
  }

  /** A StatusReply error carries the fault's wire text: rebuild the fault from it. */
  private static RuntimeException asFault(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof StatusReply.ErrorMessage error) {
      return new SupvisorsException(SupvisorsFault.parse(error.getMessage()));
    }
    if (cause instanceof SupvisorsException fault) {
      return fault;
    }
    if (cause instanceof TimeoutException) {
      // The Master (or this node's actor) did not answer within the request's bound: say so, without Akka's words.
      return new SupvisorsException(Fault.FAILED, "no answer from Supvisors in time");
    }
    return new SupvisorsException(Fault.FAILED, cause.toString());
  }
}
