package org.supvisors.node.local;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.Scheduler;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.receptionist.ServiceKey;
import akka.pattern.StatusReply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.supvisors.node.cluster.Peers;
import org.supvisors.node.fsm.FaultReplies;
import org.supvisors.node.supervisor.LocalProcessEvent;
import org.supvisors.node.supervisor.SupervisorCallException;
import org.supvisors.node.supervisor.SupervisorClient;
import org.supvisors.node.supervisor.SupervisorDriver;
import org.supvisors.protocol.ClusterSerializable;
import org.supvisors.protocol.Fault;
import org.supvisors.protocol.LocalProcessInfo;
import org.supvisors.protocol.Namespec;

/**
 * The actor that acts on this node's supervisord for the Master (start, stop, end of supervisord)
 * and for the local API (start_args, enable, disable), one per node, registered with the
 * receptionist under {@link #KEY} for the Master to find.
 *
 * <p>It owns no state: the extra arguments and the disabilities are shared registries that the
 * driver reads for every record it tells. Each request is a chain of supervisord calls and file
 * writes (on the blocking executor) whose outcome comes back with {@code pipeToSelf}; requests do
 * not wait for each other. Which processes exist, and their program, is the driver's snapshot.
 */
public final class LocalCommands extends AbstractBehavior<LocalCommands.Command> {

  public static final String NAME = "local-commands";

  /** Every node's local commands register under this key. */
  public static final ServiceKey<Command> KEY = Peers.key(Command.class, "local-commands");

  public interface Command {}

  /** A command the Master sends from another node. */
  public interface RemoteCommand extends Command, ClusterSerializable {}

  /**
   * Starts a process without waiting, with these extra arguments appended to its command line
   * (empty: none). Answers true once supervisord accepted the start, or supervisord's fault.
   */
  public record StartProcess(String namespec, String extraArgs, ActorRef<StatusReply<Boolean>> replyTo)
      implements RemoteCommand {}

  /** Stops a process without waiting. Answers true once supervisord accepted it, or its fault. */
  public record StopProcess(String namespec, ActorRef<StatusReply<Boolean>> replyTo) implements RemoteCommand {}

  /**
   * Stops these processes of the local supervisord and waits until they are stopped, the node itself excepted (see
   * {@link StopProcess}). Answers true, or ABNORMAL_TERMINATION naming those that did not stop.
   */
  public record StopProcesses(List<String> namespecs, ActorRef<StatusReply<Boolean>> replyTo) implements Command {}

  /** Leaving RESTARTING or SHUTTING_DOWN: restart (true) or shut down (false) the local supervisord. */
  public record EndSupervisord(boolean restart) implements RemoteCommand {}

  /**
   * supvisors.start_args on this node: no Supvisors state check; BAD_NAME for a process unknown to
   * the local supervisord, DISABLED for a disabled one, else supervisord's startProcess answer
   * (with wait: once the process is RUNNING, or its fault).
   */
  public record StartArgs(String namespec, String extraArgs, boolean withWait, ActorRef<StatusReply<Boolean>> replyTo)
      implements Command {}

  /**
   * supvisors.enable on this node: BAD_NAME for an unknown program; else the program is enabled,
   * persisted and its processes told again; with wait, answers once they are told.
   */
  public record Enable(String programName, boolean withWait, ActorRef<StatusReply<Boolean>> replyTo)
      implements Command {}

  /**
   * supvisors.disable on this node: as {@link Enable}, then the running processes of the program
   * are stopped; with wait, answers once they are stopped (ABNORMAL_TERMINATION naming those that
   * are not).
   */
  public record Disable(String programName, boolean withWait, ActorRef<StatusReply<Boolean>> replyTo)
      implements Command {}

  private record Answer(ActorRef<StatusReply<Boolean>> replyTo, StatusReply<Boolean> reply) implements Command {}

  private record Ended(boolean restart, Throwable failure) implements Command {}

  private record Registered(Integer programs, Throwable failure) implements Command {}

  /** Bound of the asks to the driver; its snapshot waits for the first load of supervisord. */
  static final Duration DRIVER_TIMEOUT = Duration.ofSeconds(10);

  private static final Duration FIRST_LOAD_TIMEOUT = Duration.ofMinutes(10);

  /** The node itself as a process of its supervisord, or empty. */
  private final String ownNamespec;
  private final SupervisorClient client;
  private final SupervisorClient waitingClient;
  private final ActorRef<SupervisorDriver.Command> driver;
  private final ExtraArgs extraArgs;
  private final Disabilities disabilities;
  private final Executor blocking;
  private final Scheduler scheduler;

  /**
   * @param client the local supervisord, for calls that answer at once
   * @param waitingClient the local supervisord, for calls with wait (a timeout longer than a start or a stop)
   * @param driver the local driver: its snapshot tells the processes and their programs
   * @param blocking where the launcher files and the disabilities file are written
   */
  /**
   * @param ownNamespec the node's own namespec when supervisord runs it ({@link
   *     org.supvisors.node.supervisor.DriverSettings#ownNamespec}), empty otherwise: never stopped from here
   */
  public static Behavior<Command> create(
      String localId, String ownNamespec, SupervisorClient client, SupervisorClient waitingClient,
      ExtraArgs extraArgs, Disabilities disabilities, ActorRef<SupervisorDriver.Command> driver, Executor blocking) {
    return Behaviors.setup(context -> new LocalCommands(
        context, localId, ownNamespec, client, waitingClient, extraArgs, disabilities, driver, blocking));
  }

  private LocalCommands(
      ActorContext<Command> context, String localId, String ownNamespec, SupervisorClient client,
      SupervisorClient waitingClient, ExtraArgs extraArgs, Disabilities disabilities,
      ActorRef<SupervisorDriver.Command> driver, Executor blocking) {
    super(context);
    this.ownNamespec = ownNamespec;
    this.client = client;
    this.waitingClient = waitingClient;
    this.extraArgs = extraArgs;
    this.disabilities = disabilities;
    this.driver = driver;
    this.blocking = blocking;
    this.scheduler = context.getSystem().scheduler();
    context.getLog().debug("local commands of {} on supervisord; disabilities file: {}", localId,
        disabilities.file().map(Object::toString).orElse("none"));
    // As Supvisors at start: every local program gets an entry in the disabilities file.
    context.pipeToSelf(snapshot(FIRST_LOAD_TIMEOUT).thenApplyAsync(s -> register(disabilities, s), blocking),
        Registered::new);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(StartProcess.class, m -> answer(m.replyTo(), start(m.namespec(), m.extraArgs(), false, false)))
        .onMessage(StartArgs.class, m -> answer(m.replyTo(), start(m.namespec(), m.extraArgs(), m.withWait(), true)))
        .onMessage(StopProcess.class, m -> answer(m.replyTo(), stop(m.namespec())))
        .onMessage(StopProcesses.class, m -> answer(m.replyTo(), stopAllButSelf(m.namespecs())))
        .onMessage(Enable.class, m -> answer(m.replyTo(), setDisabled(m.programName(), false, m.withWait())))
        .onMessage(Disable.class, m -> answer(m.replyTo(), setDisabled(m.programName(), true, m.withWait())))
        .onMessage(EndSupervisord.class, this::onEndSupervisord)
        .onMessage(Answer.class, this::onAnswer)
        .onMessage(Ended.class, this::onEnded)
        .onMessage(Registered.class, this::onRegistered)
        .build();
  }

  private Behavior<Command> answer(
      ActorRef<StatusReply<Boolean>> replyTo, CompletionStage<StatusReply<Boolean>> stage) {
    getContext().pipeToSelf(stage, (reply, failure) -> new Answer(replyTo, failure == null ? reply : failed(failure)));
    return this;
  }

  private Behavior<Command> onAnswer(Answer answer) {
    if (answer.reply().isError()) {
      getContext().getLog().debug("local command failed: {}", answer.reply().getError().getMessage());
    }
    answer.replyTo().tell(answer.reply());
    return this;
  }

  private Behavior<Command> onEndSupervisord(EndSupervisord end) {
    getContext().getLog().info("{} of the local supervisord", end.restart() ? "restart" : "shutdown");
    getContext().pipeToSelf(end.restart() ? client.restart() : client.shutdown(), (ok, failure) ->
        new Ended(end.restart(), failure));
    return this;
  }

  private Behavior<Command> onEnded(Ended ended) {
    if (ended.failure() != null) {
      getContext().getLog().error("supervisord did not accept its {}: {}", ended.restart() ? "restart" : "shutdown",
          reason(ended.failure()));
    }
    return this;
  }

  private Behavior<Command> onRegistered(Registered registered) {
    if (registered.failure() != null) {
      getContext().getLog().warn("programs not added to the disabilities file: {}", reason(registered.failure()));
    } else {
      getContext().getLog().debug("{} programs known to the disabilities", registered.programs());
    }
    return this;
  }

  // ---- the chains of calls; none touches the actor

  /**
   * supervisord's startProcess after the disabled check and the extra arguments: they are written
   * before the start, so that its spawn reads them, and kept whatever the start answers (Supvisors
   * changes the command line before starting, too).
   */
  private CompletionStage<StatusReply<Boolean>> start(String namespec, String args, boolean wait, boolean localApi) {
    List<String> words;
    try {
      words = CommandWords.split(args);
    } catch (IllegalArgumentException e) {
      return done(FaultReplies.error(Fault.NOT_EXECUTABLE, "can't parse extra_args '" + args + "': " + e.getMessage()));
    }
    if (Namespec.parse(namespec).wholeGroup()) {
      return done(FaultReplies.error(Fault.BAD_NAME, localApi ? unknownProcess(namespec) : namespec));
    }
    return snapshot(DRIVER_TIMEOUT).thenCompose(s -> {
      Optional<LocalProcessInfo> info = find(s, namespec);
      if (info.isPresent() && disabilities.isDisabled(info.get().programName())) {
        return done(FaultReplies.error(Fault.DISABLED, namespec));
      }
      CompletionStage<Boolean> known = info.isPresent() || !localApi ? CompletableFuture.completedFuture(true)
          : knownToSupervisord(namespec);
      return known.thenCompose(yes -> !yes ? done(FaultReplies.error(Fault.BAD_NAME, unknownProcess(namespec)))
          : client.getPID()
              .thenAcceptAsync(pid -> blockingly(() -> extraArgs.apply(pid, namespec, args)), blocking)
              .thenCompose(x -> replyOf((wait ? waitingClient : client).startProcess(namespec, wait))));
    });
  }

  /**
   * Enables or disables a program: persisted first (nothing changes if it cannot be), then the
   * driver tells the new flags, then a disable stops the running processes of the program.
   */
  private CompletionStage<StatusReply<Boolean>> setDisabled(String program, boolean disabled, boolean wait) {
    return snapshot(DRIVER_TIMEOUT).thenCompose(s -> {
      List<LocalProcessInfo> processes = s.processes().stream().filter(p -> p.programName().equals(program)).toList();
      if (processes.isEmpty()) {
        return done(FaultReplies.error(Fault.BAD_NAME, "program " + program + " unknown to Supvisors"));
      }
      CompletionStage<Done> told = CompletableFuture
          .runAsync(() -> blockingly(() -> disabilities.set(program, disabled)), blocking)
          .thenCompose(x -> AskPattern.ask(driver, SupervisorDriver.RefreshFlags::new, DRIVER_TIMEOUT, scheduler));
      if (!disabled) {
        return told.thenApply(x -> StatusReply.success(true));
      }
      List<String> running = processes.stream().filter(p -> p.state().isRunning()).map(LocalProcessInfo::namespec)
          .toList();
      return told.thenCompose(x -> stopAll(running, wait));
    });
  }

  /** Stops the processes; with wait, the fault names those that did not stop, space-joined. */
  private CompletionStage<StatusReply<Boolean>> stopAll(List<String> namespecs, boolean wait) {
    List<CompletableFuture<String>> stops = namespecs.stream()
        .map(ns -> (wait ? waitingClient : client).stopProcess(ns, wait)
            .handle((ok, failure) -> failure == null || isFault(failure, Fault.NOT_RUNNING) ? "" : ns)
            .toCompletableFuture())
        .toList();
    if (!wait) {
      return done(StatusReply.success(true));
    }
    return CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).thenApply(x -> {
      String notStopped = stops.stream().map(CompletableFuture::join).filter(ns -> !ns.isEmpty())
          .collect(Collectors.joining(" "));
      return notStopped.isEmpty() ? StatusReply.success(true) : FaultReplies.error(Fault.ABNORMAL_TERMINATION,
          notStopped);
    });
  }

  /**
   * The node is a process of its supervisord (its event listener): stopping every application, as
   * RESTARTING and SHUTTING_DOWN do, must not stop the node before it restarts or shuts down its
   * supervisord, so it refuses to stop itself.
   */
  private CompletionStage<StatusReply<Boolean>> stop(String namespec) {
    if (isSelf(namespec)) {
      return done(FaultReplies.error(Fault.FAILED, namespec + " is the Supvisors node itself"));
    }
    return replyOf(client.stopProcess(namespec, false));
  }

  private CompletionStage<StatusReply<Boolean>> stopAllButSelf(List<String> namespecs) {
    return stopAll(namespecs.stream().filter(namespec -> !isSelf(namespec)).toList(), true);
  }

  private boolean isSelf(String namespec) {
    return !ownNamespec.isEmpty() && ownNamespec.equals(namespec);
  }

  private CompletionStage<LocalProcessEvent.Snapshot> snapshot(Duration timeout) {
    return AskPattern.ask(driver, SupervisorDriver.GetSnapshot::new, timeout, scheduler);
  }

  /** Whether supervisord knows a process its last snapshot does not show (a group just added). */
  private CompletionStage<Boolean> knownToSupervisord(String namespec) {
    return client.getProcessInfo(namespec).handle((info, failure) -> {
      if (failure != null && !isFault(failure, Fault.BAD_NAME)) {
        throw failure instanceof RuntimeException r ? r : new IllegalStateException(failure);
      }
      return failure == null;
    });
  }

  private static int register(Disabilities disabilities, LocalProcessEvent.Snapshot snapshot) {
    List<String> programs = snapshot.processes().stream().map(LocalProcessInfo::programName).distinct().toList();
    blockingly(() -> disabilities.register(programs));
    return programs.size();
  }

  private static Optional<LocalProcessInfo> find(LocalProcessEvent.Snapshot snapshot, String namespec) {
    Namespec wanted = Namespec.parse(namespec);
    return snapshot.processes().stream()
        .filter(p -> p.group().equals(wanted.group()) && p.name().equals(wanted.process()))
        .findFirst();
  }

  private static String unknownProcess(String namespec) {
    return "namespec " + namespec + " unknown to this Supervisor instance";
  }

  private static CompletionStage<StatusReply<Boolean>> replyOf(CompletionStage<Boolean> call) {
    return call.thenApply(StatusReply::success);
  }

  private static CompletionStage<StatusReply<Boolean>> done(StatusReply<Boolean> reply) {
    return CompletableFuture.completedFuture(reply);
  }

  /** supervisord's fault as it is (its wire text), anything else as FAILED. */
  static StatusReply<Boolean> failed(Throwable failure) {
    return SupervisorCallException.of(failure).filter(e -> e.faultCode() != 0)
        .<StatusReply<Boolean>>map(e -> StatusReply.error(e.faultString()))
        .orElseGet(() -> FaultReplies.error(Fault.FAILED, reason(failure)));
  }

  private static boolean isFault(Throwable failure, Fault fault) {
    return SupervisorCallException.of(failure).filter(e -> e.faultCode() == fault.code()).isPresent();
  }

  private static String reason(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof UncheckedIOException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage() != null ? cause.getMessage() : cause.toString();
  }

  private interface FileWork {
    void run() throws IOException;
  }

  private static void blockingly(FileWork work) {
    try {
      work.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
