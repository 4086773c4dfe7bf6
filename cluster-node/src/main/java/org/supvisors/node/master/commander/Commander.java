package org.supvisors.node.master.commander;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.supvisors.node.context.ProcessStatus;
import org.supvisors.protocol.ApplicationInfo;
import org.supvisors.protocol.ConciliationStrategy;
import org.supvisors.protocol.LocalProcessInfo;
import org.supvisors.protocol.StartingStrategy;
import org.supvisors.rules.ApplicationRules;
import org.supvisors.rules.decision.Action;
import org.supvisors.rules.decision.Conciliator;
import org.supvisors.rules.decision.Conflict;
import org.supvisors.rules.decision.RunningFailure;
import org.supvisors.rules.decision.RunningFailureDecision;
import org.supvisors.rules.decision.RunningFailureQueue;

/**
 * The Master's commander, without the actor: it plans jobs for requests, deployment, running
 * failures and conciliation, and moves them forward ({@link Stepper}). Every method takes the jobs
 * and returns the new jobs; what must happen outside (orders to supervisords, forced states) is
 * collected in {@link #effects()}.
 */
public final class Commander {

  private final Model model;
  private final List<Effect> effects = new ArrayList<>();

  public Commander(Model model) {
    this.model = model;
  }

  /** The effects collected since the last call, which empties the list. */
  public List<Effect> effects() {
    List<Effect> taken = List.copyOf(effects);
    effects.clear();
    return taken;
  }

  public Model model() {
    return model;
  }

  /** Moves every job as far as the model allows. */
  public Jobs step(Jobs jobs, Set<String> refused) {
    return new Stepper(model, refused, effects).run(drainFailures(jobs));
  }

  public static String refusalKey(String namespec, String identifier) {
    return Stepper.key(namespec, identifier);
  }

  // ---------------------------------------------------------------- requests

  /** Plans the start of an application; the same jobs when nothing is to start. */
  public Jobs startApplication(Jobs jobs, String applicationName, StartingStrategy strategy, Origin origin) {
    ApplicationJob job = Planner.applicationStart(jobs, model, applicationName, strategy, jobs.nextId(), origin.planner());
    return job == null ? jobs : jobs.withNextId().planStart(job);
  }

  public Jobs stopApplication(Jobs jobs, String applicationName, Origin origin) {
    ApplicationJob job = Planner.applicationStop(model, applicationName, jobs.nextId(), origin.planner());
    return job == null ? jobs : jobs.withNextId().planStop(job);
  }

  /** Stops the application if something of it runs, then starts it. */
  public Jobs restartApplication(Jobs jobs, String applicationName, StartingStrategy strategy, Origin origin) {
    ApplicationJob stop = Planner.applicationStop(model, applicationName, jobs.nextId(), origin.planner());
    if (stop == null) {
      return startApplication(jobs, applicationName, strategy, origin);
    }
    Jobs next = jobs.withNextId();
    ApplicationJob start = Planner.applicationStart(next, model, applicationName, strategy, next.nextId(), origin.planner());
    return start == null ? next.planStop(stop) : next.withNextId().planStop(stop.withThen(start));
  }

  /**
   * Plans the start of processes of one application; they join a start job of the application
   * already planned or in progress. Processes not stopped are left out.
   */
  public Jobs startProcesses(Jobs jobs, List<ProcessStatus> targets, StartingStrategy strategy, String extraArgs,
      Origin origin) {
    for (ProcessStatus target : targets) {
      jobs = jobs.withExtraArgs(target.namespec(), extraArgs);
    }
    List<ProcessStatus> stopped = targets.stream().filter(ProcessStatus::isStopped).toList();
    if (stopped.isEmpty()) {
      return jobs;
    }
    String applicationName = stopped.get(0).applicationName();
    ApplicationJob job = Planner.processesStart(jobs, model, applicationName, stopped, strategy, jobs.nextId(),
        origin.planner());
    ApplicationJob existing = jobs.allJobs()
        .filter(j -> j.start() && j.applicationName().equals(applicationName))
        .findFirst().orElse(null);
    if (existing == null) {
      return jobs.withNextId().planStart(job);
    }
    return jobs.replace(j -> j == existing, merged(existing, job.stages().get(0), origin));
  }

  static ApplicationJob merged(ApplicationJob existing, List<ProcessCommand> commands, Origin origin) {
    List<List<ProcessCommand>> stages = new ArrayList<>(existing.stages());
    List<ProcessCommand> current = new ArrayList<>(stages.isEmpty() ? List.of() : stages.get(0));
    for (ProcessCommand command : commands) {
      if (current.stream().noneMatch(c -> c.namespec().equals(command.namespec()))) {
        current.add(command);
      }
    }
    if (stages.isEmpty()) {
      stages.add(current);
    } else {
      stages.set(0, current);
    }
    return existing.withStages(stages).withRequests(origin.requests());
  }

  /** Stops every running copy of these processes. */
  public Jobs stopProcesses(Jobs jobs, List<ProcessStatus> targets, Origin origin) {
    if (targets.isEmpty()) {
      return jobs;
    }
    ApplicationJob job = Planner.processesStop(model, targets.get(0).applicationName(), targets, jobs.nextId(),
        origin.planner());
    return job == null ? jobs : jobs.withNextId().planStop(job);
  }

  /** Stops the running processes, then starts them all (possibly elsewhere). */
  public Jobs restartProcesses(Jobs jobs, List<ProcessStatus> targets, StartingStrategy strategy, String extraArgs,
      Origin origin) {
    if (targets.isEmpty()) {
      return jobs;
    }
    for (ProcessStatus target : targets) {
      jobs = jobs.withExtraArgs(target.namespec(), extraArgs);
    }
    ApplicationJob stop = Planner.processesStop(model, targets.get(0).applicationName(), targets, jobs.nextId(),
        origin.planner());
    if (stop == null) {
      return startProcesses(jobs, targets, strategy, extraArgs, origin);
    }
    Jobs next = jobs.withNextId();
    ApplicationJob start = Planner.processesStart(next, model, targets.get(0).applicationName(), targets, strategy,
        next.nextId(), origin.planner());
    return next.withNextId().planStop(stop.withThen(start));
  }

  /**
   * DEPLOYMENT: the start of every managed application with a positive start sequence that never
   * started or has a failure, or of all of them when forced; only stopped processes start, so a
   * running application is repaired, never restarted.
   */
  public Jobs deploy(Jobs jobs, boolean forced, Origin origin) {
    for (String applicationName : model.applications()) {
      ApplicationRules rules = model.applicationRules(applicationName);
      if (!rules.managed() || rules.startSequence() <= 0 || jobs.busy(applicationName)) {
        continue;
      }
      ApplicationInfo info = model.application(applicationName);
      if (forced || model.neverStarted(applicationName) || info.majorFailure() || info.minorFailure()) {
        jobs = startApplication(jobs, applicationName, rules.startingStrategy(), origin);
      }
    }
    return jobs;
  }

  /** RESTARTING or SHUTTING_DOWN: every job dropped, then every application stopped in order. */
  public Jobs stopAll(Jobs jobs, Origin origin) {
    jobs = jobs.aborted();
    for (String applicationName : model.applications()) {
      jobs = stopApplication(jobs, applicationName, origin);
    }
    return jobs;
  }

  // ---------------------------------------------------------------- running failures

  /**
   * A process changed: a crash, or the loss of the instance it ran on, may call for its running
   * failure strategy (manual section 8.6, compat behaviour §10).
   *
   * @param working whether Supvisors is in DEPLOYMENT, OPERATION or CONCILIATION
   */
  public Jobs onProcessChange(Jobs jobs, ProcessStatus before, ProcessStatus after, boolean working) {
    if (after.infos().isEmpty() || !after.crashed() || (before != null && before.crashed())) {
      return jobs;
    }
    RunningFailure failure = failureOf(after);
    List<Action> actions;
    if (lostInstance(before, after)) {
      if (!working || !after.running().isEmpty()) {
        return jobs;
      }
      actions = RunningFailureDecision.onInstanceLost(failure);
    } else {
      actions = RunningFailureDecision.onCrash(failure, after.forcedState() != null);
    }
    for (Action action : actions) {
      jobs = apply(jobs, action, Origin.master(model.localId()));
    }
    return jobs;
  }

  /** The change comes from the loss of an instance, not from an event of its supervisord. */
  private static boolean lostInstance(ProcessStatus before, ProcessStatus after) {
    for (Map.Entry<String, LocalProcessInfo> entry : after.infos().entrySet()) {
      LocalProcessInfo previous = before == null ? null : before.infos().get(entry.getKey());
      if (!entry.getValue().equals(previous)
          && entry.getValue().spawnerr().equals("Supervisor " + entry.getKey() + " lost")) {
        return true;
      }
    }
    return false;
  }

  private RunningFailure failureOf(ProcessStatus status) {
    return model.runningFailure(status);
  }

  /** Runs the queued failures of the applications that have no job; the others wait. */
  Jobs drainFailures(Jobs jobs) {
    if (jobs.failures().isEmpty()) {
      return jobs;
    }
    RunningFailureQueue queue = RunningFailureQueue.empty();
    for (RunningFailure failure : jobs.failures()) {
      queue = queue.add(failure);
    }
    Jobs current = jobs;
    RunningFailureQueue.Drained drained = queue.drain(current::busy);
    List<RunningFailure> deferred = jobs.failures().stream().filter(f -> current.busy(f.applicationName())).toList();
    Jobs next = jobs.withFailures(deferred);
    for (Action action : drained.actions()) {
      next = apply(next, action, Origin.master(model.localId()));
    }
    return next;
  }

  /** Carries out a decision of the rules engine. */
  public Jobs apply(Jobs jobs, Action action, Origin origin) {
    if (action instanceof Action.StopProcessOn stop) {
      return model.process(stop.namespec())
          .map(s -> jobs.withNextId().planStop(
              Planner.processStopOn(model, s, stop.identifier(), jobs.nextId(), origin.planner())))
          .orElse(jobs);
    }
    if (action instanceof Action.RestartProcess restart) {
      return model.process(restart.namespec())
          .map(s -> restartProcesses(jobs, List.of(s), restart.strategy(), jobs.extraArgsOf(s.namespec()), origin))
          .orElse(jobs);
    }
    if (action instanceof Action.StopApplication stop) {
      return stopApplication(jobs, stop.applicationName(), origin);
    }
    if (action instanceof Action.RestartApplication restart) {
      return restartApplication(jobs, restart.applicationName(), restart.strategy(), origin);
    }
    if (action instanceof Action.RestartSupvisors || action instanceof Action.ShutdownSupvisors) {
      effects.add(new Effect.Terminate(action instanceof Action.RestartSupvisors));
      return jobs;
    }
    if (action instanceof Action.SubmitRunningFailure submit) {
      List<RunningFailure> failures = new ArrayList<>(jobs.failures());
      failures.add(submit.failure());
      return jobs.withFailures(failures);
    }
    // CONTINUE: Supervisor's own autorestart, if any, deals with it.
    return jobs;
  }

  // ---------------------------------------------------------------- conciliation

  /** The conflicts of managed applications, copies in the order of the instances. */
  public List<Conflict> conflicts() {
    List<Conflict> conflicts = new ArrayList<>();
    for (ProcessStatus status : model.processes().values()) {
      if (!status.conflicting() || !model.rules().isManaged(status.applicationName())) {
        continue;
      }
      List<Conflict.Copy> copies = new ArrayList<>();
      // A record's `now` is the time of its last change, not the present: uptimes count from now.
      long now = System.currentTimeMillis() / 1000;
      for (String identifier : model.view().instances().keySet()) {
        LocalProcessInfo info = status.infos().get(identifier);
        if (info != null && status.running().contains(identifier)) {
          copies.add(new Conflict.Copy(identifier, Math.max(0, now - info.start())));
        }
      }
      RunningFailure failure = failureOf(status);
      conflicts.add(new Conflict(status.applicationName(), status.namespec(), copies, failure.applicationStrategy(),
          failure.strategy(), failure.inStartSequence(), failure.applicationStopped()));
    }
    return conflicts;
  }

  /** Applies a conciliation strategy to the current conflicts (USER does nothing). */
  public Jobs conciliate(Jobs jobs, ConciliationStrategy strategy, Origin origin) {
    for (Action action : Conciliator.conciliate(strategy, conflicts())) {
      jobs = apply(jobs, action, origin);
    }
    return jobs;
  }

  /** Who asked: the instance (for the LOCAL strategy) and the requests to answer when done. */
  public record Origin(String identifier, Set<Long> requests) {
    public static Origin master(String identifier) {
      return new Origin(identifier, Set.of());
    }

    Planner.Origin planner() {
      return new Planner.Origin(identifier, requests);
    }
  }
}
