package org.supvisors.node.local;

import akka.Done;
import akka.actor.CoordinatedShutdown;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Scheduler;
import akka.actor.typed.javadsl.AskPattern;
import akka.pattern.StatusReply;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.supvisors.node.context.Context;
import org.supvisors.node.context.ContextView;
import org.supvisors.node.context.ProcessStatus;
import org.supvisors.node.master.commander.LostInstanceFailover;

/**
 * When the cluster downs this node (the Split Brain Resolver on the losing side of a partition), the other side
 * loses this instance and its Master restarts some of its processes elsewhere. Before the node exits, this task of
 * its coordinated shutdown stops exactly those on the local supervisord ({@link LostInstanceFailover}), so that no
 * process runs on both sides when the link comes back; the others keep running.
 *
 * <p>Only on downing: a node that leaves, restarts or stops keeps its processes (its supervisord still runs them and
 * its next incarnation takes them back), and a node that is killed runs no task at all, which is right too, since
 * the other nodes then find its supervisord alive and keep its processes. The wait is bounded by the phase's timeout.
 */
public final class DowningStop {

  static final String PHASE = CoordinatedShutdown.PhaseBeforeServiceUnbind();
  private static final Duration VIEW_TIMEOUT = Duration.ofSeconds(2);
  private static final Logger LOG = LoggerFactory.getLogger(DowningStop.class);

  private final String localId;
  private final ActorRef<Context.Command> processes;
  private final ActorRef<LocalCommands.Command> commands;
  private final Duration stopTimeout;
  private final Scheduler scheduler;

  DowningStop(String localId, ActorRef<Context.Command> processes, ActorRef<LocalCommands.Command> commands,
      Duration stopTimeout, Scheduler scheduler) {
    this.localId = localId;
    this.processes = processes;
    this.commands = commands;
    this.stopTimeout = stopTimeout;
    this.scheduler = scheduler;
  }

  /** Adds the task to the coordinated shutdown of {@code system}. */
  public static void register(ActorSystem<?> system, String localId, ActorRef<Context.Command> processes,
      ActorRef<LocalCommands.Command> commands) {
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    // The view is asked first: the stops get what is left of the phase.
    Duration phase = Duration.ofMillis(shutdown.timeout(PHASE).toMillis());
    Duration stopTimeout = phase.minus(VIEW_TIMEOUT).compareTo(Duration.ofSeconds(1)) > 0
        ? phase.minus(VIEW_TIMEOUT) : Duration.ofSeconds(1);
    DowningStop task = new DowningStop(localId, processes, commands, stopTimeout, system.scheduler());
    shutdown.addTask(PHASE, "stop-failed-over-processes", () -> task.run(shutdown.getShutdownReason()));
  }

  /** The task: nothing unless {@code reason} is the cluster's downing; never fails, so the shutdown goes on. */
  CompletionStage<Done> run(Optional<CoordinatedShutdown.Reason> reason) {
    if (!reason.map(CoordinatedShutdown.clusterDowningReason()::equals).orElse(false)) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    return AskPattern.ask(processes, Context.GetView::new, VIEW_TIMEOUT, scheduler)
        .thenCompose(this::stopFailedOver)
        .handle((done, failure) -> {
          if (failure != null) {
            LOG.error("downed by the cluster: the processes failed over elsewhere may not be stopped: {}", failure.toString());
          }
          return Done.getInstance();
        });
  }

  private CompletionStage<Done> stopFailedOver(ContextView view) {
    List<String> namespecs = LostInstanceFailover.failedOver(localId, view.processes(), view.rules()).stream()
        .map(ProcessStatus::namespec).toList();
    if (namespecs.isEmpty()) {
      LOG.info("downed by the cluster: no process of {} is failed over elsewhere, all keep running", localId);
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    LOG.warn("downed by the cluster: stopping {}, failed over elsewhere by the Master", namespecs);
    return AskPattern.<LocalCommands.Command, StatusReply<Boolean>>ask(
            commands, replyTo -> new LocalCommands.StopProcesses(namespecs, replyTo), stopTimeout, scheduler)
        .thenApply(reply -> {
          if (reply.isError()) {
            LOG.error("downed by the cluster: not all stopped: {}", reply.getError().getMessage());
          } else {
            LOG.warn("downed by the cluster: stopped {}", namespecs);
          }
          return Done.getInstance();
        });
  }
}
