package org.supvisors.node.master.commander;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.supvisors.node.context.ProcessStatus;
import org.supvisors.protocol.LocalProcessInfo;
import org.supvisors.protocol.ProcessState;
import org.supvisors.rules.decision.StartingFailureDecision;
import org.supvisors.rules.placement.ApplicationPlacement;
import org.supvisors.rules.placement.InstanceSelector;
import org.supvisors.rules.placement.PendingStart;
import org.supvisors.rules.placement.ProcessToStart;

/**
 * Moves the Starter's and the Stopper's jobs forward against the model, as the manual's sections
 * 8.4 and 8.7 and compat behaviour §7 define it: issue the commands of the current stage, complete
 * them on the target's states, time them out in the target's ticks, apply the starting failure
 * strategy, go to the next stage, the next job. One step runs until nothing moves.
 */
final class Stepper {

  static final String NO_RESOURCE = "no resource available";
  static final String NO_STARTING = "process STARTING event not received in time";
  static final String NO_RUNNING = "process RUNNING event not received in time";
  static final String NO_STOPPING = "process STOPPING event not received in time";
  static final String NO_STOPPED = "process STOPPED event not received in time";

  private final Model model;
  private final Set<String> refused;
  private final List<Effect> effects;
  private final List<PendingStart> pending = new ArrayList<>();
  private final Map<String, InstanceSelector> selectors = new HashMap<>();

  /**
   * @param refused {@link #key} of the issued commands the target's supervisord refused
   * @param effects where the orders and forced states go
   */
  Stepper(Model model, Set<String> refused, List<Effect> effects) {
    this.model = model;
    this.refused = refused;
    this.effects = effects;
  }

  static String key(String namespec, String identifier) {
    return namespec + "@" + identifier;
  }

  Jobs run(Jobs jobs) {
    // Bounded: each round either finishes a stage or a job, or changes nothing.
    for (int round = 0; round < 1000; round++) {
      Jobs next = stopper(starter(jobs));
      if (next.equals(jobs)) {
        return next;
      }
      jobs = next;
    }
    return jobs;
  }

  // ---------------------------------------------------------------- Starter

  private Jobs starter(Jobs jobs) {
    pending.clear();
    selectors.clear();
    jobs.starting().forEach(job -> pending.addAll(requested(job)));
    List<ApplicationJob> inProgress = new ArrayList<>();
    List<ApplicationJob> finished = new ArrayList<>();
    for (ApplicationJob job : jobs.starting()) {
      ApplicationJob advanced = advanceStart(job);
      if (advanced.done()) {
        finished.add(advanced);
      } else {
        inProgress.add(advanced);
      }
    }
    List<ApplicationJob> planned = new ArrayList<>(jobs.startPlanned());
    if (inProgress.isEmpty() && !planned.isEmpty()) {
      int rank = planned.stream().mapToInt(ApplicationJob::rank).min().orElseThrow();
      inProgress.addAll(planned.stream().filter(j -> j.rank() == rank).toList());
      planned.removeIf(j -> j.rank() == rank);
    }
    Jobs next = jobs.withStarter(planned, inProgress);
    for (ApplicationJob job : finished) {
      if (job.stopWhenDone()) {
        ApplicationJob stop = Planner.applicationStop(model, job.applicationName(), next.nextId(),
            new Planner.Origin(job.origin(), job.requests()));
        if (stop != null) {
          next = next.withNextId().planStop(stop);
        }
      }
    }
    return next;
  }

  private ApplicationJob advanceStart(ApplicationJob job) {
    if (!job.placed()) {
      job = place(job);
    }
    while (!job.done()) {
      List<ProcessCommand> remaining = new ArrayList<>();
      for (ProcessCommand command : job.current()) {
        StartResult result = evaluateStart(job, command);
        if (result.keep() != null) {
          remaining.add(result.keep());
        } else if (result.failed()) {
          job = onStartFailure(job, command);
        }
      }
      job = job.withCurrent(remaining);
      if (!remaining.isEmpty()) {
        return job;
      }
      job = job.nextStage();
    }
    return job;
  }

  /** SINGLE_INSTANCE and SINGLE_NODE: the instances of the whole application, chosen once. */
  private ApplicationJob place(ApplicationJob job) {
    List<ProcessToStart> processes = model.processesOf(job.applicationName()).stream()
        .map(s -> new ProcessToStart(s.namespec(), model.rulesOf(s).expectedLoading(), model.rulesOf(s).startSequence()))
        .toList();
    ApplicationPlacement placement = selector(job.origin()).placeApplication(
        model.applicationRules(job.applicationName()).distribution(), job.strategy(),
        model.allowedFor(job.applicationName()), processes);
    if (placement instanceof ApplicationPlacement.Restricted restricted) {
      ApplicationJob placed = job.placedOn(restricted.instances());
      // Its whole load now weighs on its instance, so that jobs placed next go elsewhere.
      for (PendingStart start : requested(placed)) {
        if (!start.identifier().isEmpty() && !pending.contains(start)) {
          pending.add(start);
          selectors.replaceAll((origin, selector) -> selector.withPending(start));
        }
      }
      return placed;
    }
    if (placement instanceof ApplicationPlacement.NoResource) {
      boolean stop = false;
      for (List<ProcessCommand> stage : job.stages()) {
        for (ProcessCommand command : stage) {
          effects.add(new Effect.Force(command.namespec(), ProcessState.FATAL, NO_RESOURCE));
          stop |= decisionFor(job, command) == StartingFailureDecision.ABORT_AND_STOP;
        }
      }
      return job.abort(stop).withStages(List.of());
    }
    return job.placedOn(List.of());
  }

  /**
   * The load a start job has requested but not seen running yet (compat behaviour §8.1): the orders
   * gone out, and for an application placed on one instance, every command of every stage.
   */
  private static List<PendingStart> requested(ApplicationJob job) {
    List<PendingStart> requested = new ArrayList<>();
    String single = job.instances().size() == 1 ? job.instances().get(0) : null;
    for (List<ProcessCommand> stage : job.stages()) {
      for (ProcessCommand command : stage) {
        String where = command.issued() ? command.identifier() : single;
        if (where != null) {
          requested.add(new PendingStart(command.namespec(), where, command.expectedLoading()));
        }
      }
    }
    return requested;
  }

  private record StartResult(ProcessCommand keep, boolean failed) {
    static final StartResult DONE = new StartResult(null, false);
    static final StartResult FAILED = new StartResult(null, true);
  }

  private StartResult evaluateStart(ApplicationJob job, ProcessCommand command) {
    ProcessStatus status = model.process(command.namespec()).orElse(null);
    if (status == null) {
      return StartResult.DONE;
    }
    if (!command.issued()) {
      return issueStart(job, command, status);
    }
    String target = command.identifier();
    LocalProcessInfo info = status.infos().get(target);
    if (refused.contains(key(command.namespec(), target)) || !model.isRunning(target) || info == null) {
      return StartResult.FAILED;
    }
    ProcessState state = info.state();
    boolean news = command.seen() || state != command.baseline() || info.stop() != command.baselineStop();
    long now = model.counter(target);
    switch (state) {
      case RUNNING:
        if (!command.waitExit()) {
          return StartResult.DONE;
        }
        // Waiting for the exit: no timeout, as in Supvisors.
        return new StartResult(command.seenIn(state, command.refCounter()), false);
      case BACKOFF:
        // Supervisor tries again: the timeout starts anew, once per BACKOFF (compat behaviour §7.3).
        // Resetting it at every step would let a process that stays in BACKOFF never time out.
        boolean newBackoff = !command.seen() || command.baseline() != ProcessState.BACKOFF;
        return startTimeout(newBackoff ? command.seenIn(state, now) : command, now);
      case STARTING:
        return startTimeout(command.seenIn(state, command.refCounter()), now);
      case EXITED:
        if (news) {
          return command.waitExit() && info.exitExpected() ? StartResult.DONE : StartResult.FAILED;
        }
        break;
      default:
        if (news) {
          return StartResult.FAILED;
        }
    }
    if (now > command.refCounter() + model.minimumTicks()) {
      effects.add(new Effect.Force(command.namespec(), ProcessState.FATAL, NO_STARTING));
      return StartResult.DONE;
    }
    return new StartResult(command, false);
  }

  private StartResult startTimeout(ProcessCommand command, long now) {
    if (now > command.refCounter() + command.waitTicks()) {
      effects.add(new Effect.Force(command.namespec(), ProcessState.FATAL, NO_RUNNING));
      return StartResult.DONE;
    }
    return new StartResult(command, false);
  }

  private StartResult issueStart(ApplicationJob job, ProcessCommand command, ProcessStatus status) {
    if (!status.isStopped()) {
      if (command.waitExit() && status.isRunning() && status.running().size() == 1) {
        // Started already (by a Master lost since, say): the stage still waits for its exit.
        String where = status.running().iterator().next();
        LocalProcessInfo running = status.infos().get(where);
        return new StartResult(command.issuedTo(where, model.counter(where), model.waitTicks(running.startsecs()),
            running.state(), running.stop()).seenIn(running.state(), model.counter(where)), false);
      }
      // Running already (or stopping): nothing to do, and no failure either.
      return StartResult.DONE;
    }
    // SINGLE_INSTANCE: the placement of the application checked the load of all its processes.
    String target = command.placed() ? command.identifier()
        : job.instances().size() == 1 ? job.instances().get(0) : choose(job, command, status);
    LocalProcessInfo info = target == null ? null : status.infos().get(target);
    if (info == null) {
      effects.add(new Effect.Force(command.namespec(), ProcessState.FATAL, NO_RESOURCE));
      return StartResult.FAILED;
    }
    effects.add(new Effect.StartOn(command.namespec(), target, command.extraArgs()));
    PendingStart start = new PendingStart(command.namespec(), target, command.expectedLoading());
    if (!pending.contains(start)) {
      // Not counted yet (an application placed on one instance counts its commands at once).
      pending.add(start);
      selectors.replaceAll((origin, selector) -> selector.withPending(start));
    }
    return new StartResult(command.issuedTo(target, model.counter(target), model.waitTicks(info.startsecs()),
        info.state(), info.stop()), false);
  }

  private String choose(ApplicationJob job, ProcessCommand command, ProcessStatus status) {
    List<String> allowed = job.instances().isEmpty() ? model.allowedFor(status) : job.instances();
    return selector(job.origin())
        .chooseForProcess(job.strategy(), allowed, command.namespec(), command.expectedLoading())
        .orElse(null);
  }

  private InstanceSelector selector(String origin) {
    return selectors.computeIfAbsent(origin, o -> model.selector(o, pending));
  }

  private ApplicationJob onStartFailure(ApplicationJob job, ProcessCommand command) {
    return switch (decisionFor(job, command)) {
      case CONTINUE -> job;
      case ABORT -> job.abort(false);
      case ABORT_AND_STOP -> job.abort(true);
    };
  }

  private StartingFailureDecision decisionFor(ApplicationJob job, ProcessCommand command) {
    return model.process(command.namespec())
        .map(s -> StartingFailureDecision.of(command.required(), model.rulesOf(s).startingFailureStrategy()))
        .orElse(StartingFailureDecision.of(command.required(),
            model.applicationRules(job.applicationName()).startingFailureStrategy()));
  }

  // ---------------------------------------------------------------- Stopper

  private Jobs stopper(Jobs jobs) {
    List<ApplicationJob> inProgress = new ArrayList<>();
    List<ApplicationJob> followUps = new ArrayList<>();
    for (ApplicationJob job : jobs.stopping()) {
      ApplicationJob advanced = advanceStop(job);
      if (!advanced.done()) {
        inProgress.add(advanced);
      } else if (advanced.then() != null) {
        followUps.add(advanced.then());
      }
    }
    List<ApplicationJob> planned = new ArrayList<>(jobs.stopPlanned());
    if (inProgress.isEmpty() && !planned.isEmpty()) {
      int rank = planned.stream().mapToInt(ApplicationJob::rank).max().orElseThrow();
      inProgress.addAll(planned.stream().filter(j -> j.rank() == rank).toList());
      planned.removeIf(j -> j.rank() == rank);
    }
    Jobs next = jobs.withStopper(planned, inProgress);
    for (ApplicationJob start : followUps) {
      next = planFollowUp(next, start);
    }
    return next;
  }

  /**
   * The start that follows a restart. That of an application replaces a start planned for it
   * meanwhile, as start_application does; that of processes (one stage, no start sequence) joins a
   * start job of the application, as start_process does: replacing it would lose the starts that
   * were requested meanwhile.
   */
  private static Jobs planFollowUp(Jobs jobs, ApplicationJob start) {
    boolean processes = start.stages().size() == 1 && start.current().stream().allMatch(c -> c.sequence() == 0);
    ApplicationJob existing = !processes ? null : jobs.allJobs()
        .filter(j -> j.start() && j.applicationName().equals(start.applicationName()))
        .findFirst().orElse(null);
    if (existing == null) {
      return jobs.planStart(start);
    }
    return jobs.replace(j -> j == existing,
        Commander.merged(existing, start.current(), new Commander.Origin(start.origin(), start.requests())));
  }

  private ApplicationJob advanceStop(ApplicationJob job) {
    while (!job.done()) {
      List<ProcessCommand> remaining = new ArrayList<>();
      for (ProcessCommand command : job.current()) {
        ProcessCommand kept = evaluateStop(command);
        if (kept != null) {
          remaining.add(kept);
        }
      }
      job = job.withCurrent(remaining);
      if (!remaining.isEmpty()) {
        return job;
      }
      job = job.nextStage();
    }
    return job;
  }

  /** The command still in progress, or null when it is over. */
  private ProcessCommand evaluateStop(ProcessCommand command) {
    String target = command.identifier();
    LocalProcessInfo info = model.process(command.namespec()).map(s -> s.infos().get(target)).orElse(null);
    if (info == null || !model.isRunning(target) || info.state().isStopped()) {
      return null;
    }
    long now = model.counter(target);
    if (!command.issued()) {
      effects.add(new Effect.StopOn(command.namespec(), target));
      return command.issuedTo(target, now, model.waitTicks(info.stopwaitsecs()), info.state(), info.stop());
    }
    if (refused.contains(key(command.namespec(), target))) {
      return null;
    }
    if (info.state() == ProcessState.STOPPING) {
      ProcessCommand seen = command.seen() ? command : command.seenAt(command.refCounter());
      if (now > seen.refCounter() + seen.waitTicks()) {
        effects.add(new Effect.Force(command.namespec(), ProcessState.STOPPED, NO_STOPPED));
        return null;
      }
      return seen;
    }
    if (now > command.refCounter() + model.minimumTicks()) {
      effects.add(new Effect.Force(command.namespec(), ProcessState.STOPPED, NO_STOPPING));
      return null;
    }
    return command;
  }
}
