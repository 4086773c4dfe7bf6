package org.supvisors.node.master.commander;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.Set;
import org.supvisors.protocol.StartingStrategy;

/**
 * The start or the stop of (part of) one application: its process commands in stages, the current
 * stage first. A stage is done when each of its commands is; the job is done with its last stage.
 *
 * @param rank the application's start (or stop) sequence: jobs of the smallest start rank run
 *     first, together (the greatest stop rank for stops)
 * @param strategy how start commands choose their instance
 * @param instances for SINGLE_INSTANCE or SINGLE_NODE applications, the instances chosen for the
 *     whole application (empty: not chosen yet, or per process)
 * @param placed whether the application-level placement was done
 * @param aborted a required process failed with ABORT or STOP: no new stage begins
 * @param stopWhenDone the STOP starting failure strategy: stop the application after the job
 * @param then what to start once this stop job is done (a restart), or null
 * @param requests the control requests waiting for this job (and for what it leads to)
 * @param origin the instance that asked for it: the local one of the LOCAL strategy
 */
public record ApplicationJob(
    long id,
    String applicationName,
    boolean start,
    int rank,
    StartingStrategy strategy,
    List<List<ProcessCommand>> stages,
    List<String> instances,
    boolean placed,
    boolean aborted,
    boolean stopWhenDone,
    ApplicationJob then,
    Set<Long> requests,
    String origin) {

  public ApplicationJob {
    stages = stages.stream().map(List::copyOf).toList();
    instances = List.copyOf(instances);
    requests = Set.copyOf(requests);
  }

  List<ProcessCommand> current() {
    return stages.isEmpty() ? List.of() : stages.get(0);
  }

  boolean done() {
    return stages.isEmpty() || (aborted && current().isEmpty());
  }

  ApplicationJob withCurrent(List<ProcessCommand> commands) {
    List<List<ProcessCommand>> next = new java.util.ArrayList<>(stages);
    if (next.isEmpty()) {
      return this;
    }
    next.set(0, commands);
    return withStages(next);
  }

  /** The current stage is over: the next one becomes current, unless the job was aborted. */
  ApplicationJob nextStage() {
    if (aborted) {
      return withStages(List.of());
    }
    return withStages(stages.subList(1, stages.size()));
  }

  ApplicationJob withStages(List<List<ProcessCommand>> newStages) {
    return new ApplicationJob(id, applicationName, start, rank, strategy, newStages, instances, placed, aborted,
        stopWhenDone, then, requests, origin);
  }

  ApplicationJob placedOn(List<String> chosen) {
    return new ApplicationJob(id, applicationName, start, rank, strategy, stages, chosen, true, aborted,
        stopWhenDone, then, requests, origin);
  }

  ApplicationJob abort(boolean stopAfter) {
    return new ApplicationJob(id, applicationName, start, rank, strategy, stages, instances, placed, true,
        stopWhenDone || stopAfter, then, requests, origin);
  }

  ApplicationJob withRequests(Set<Long> more) {
    java.util.Set<Long> all = new java.util.HashSet<>(requests);
    all.addAll(more);
    return new ApplicationJob(id, applicationName, start, rank, strategy, stages, instances, placed, aborted,
        stopWhenDone, then == null ? null : then.withRequests(more), all, origin);
  }

  ApplicationJob withThen(ApplicationJob next) {
    return new ApplicationJob(id, applicationName, start, rank, strategy, stages, instances, placed, aborted,
        stopWhenDone, next, requests, origin);
  }

  /**
   * This job taken over from a previous Master (see {@link Jobs#reissued}): the commands kept stay
   * as they are; the others of the current stage are planned again, on their target while it runs;
   * a start placed on an instance that is gone is placed anew.
   */
  ApplicationJob resumed(Predicate<ProcessCommand> keep, Predicate<String> running) {
    boolean replace = start && !instances.stream().allMatch(running);
    Predicate<ProcessCommand> target = c -> !replace && running.test(c.identifier());
    List<List<ProcessCommand>> next = new ArrayList<>();
    for (int i = 0; i < stages.size(); i++) {
      List<ProcessCommand> stage = new ArrayList<>();
      for (ProcessCommand c : stages.get(i)) {
        boolean again = i == 0 && !keep.test(c);
        stage.add(!again && !(replace && !c.issued()) ? c : ProcessCommand.planned(c.namespec(),
            target.test(c) ? c.identifier() : "", c.extraArgs(), c.waitExit(), c.required(), c.expectedLoading(),
            c.sequence()));
      }
      next.add(stage);
    }
    return new ApplicationJob(id, applicationName, start, rank, strategy, next, replace ? List.of() : instances,
        placed && !replace, aborted, stopWhenDone, then, requests, origin);
  }

  boolean concerns(long request) {
    return requests.contains(request) || (then != null && then.concerns(request));
  }
}
