package org.supvisors.node.master.commander;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.supvisors.protocol.ClusterSerializable;
import org.supvisors.rules.decision.RunningFailure;

/**
 * Everything the commander must not forget when the Master moves: the Starter's and the Stopper's
 * jobs, the running failures not handled yet, and the extra arguments of every process. Immutable;
 * it is the state of the Master's journal.
 *
 * @param startPlanned start jobs waiting for their turn (smallest rank first)
 * @param starting start jobs in progress, all of the same rank
 * @param stopPlanned stop jobs waiting for their turn (greatest rank first)
 * @param stopping stop jobs in progress
 * @param failures running failures waiting for their application to be free, in arrival order
 * @param extraArgs the extra arguments of each process, reused by every later start
 * @param nextId the next job or request identifier
 * @param updatedAt wall-clock time of the last change, milliseconds
 */
public record Jobs(
    List<ApplicationJob> startPlanned,
    List<ApplicationJob> starting,
    List<ApplicationJob> stopPlanned,
    List<ApplicationJob> stopping,
    List<RunningFailure> failures,
    Map<String, String> extraArgs,
    long nextId,
    long updatedAt)
    implements ClusterSerializable {

  public static final Jobs EMPTY = new Jobs(List.of(), List.of(), List.of(), List.of(), List.of(), Map.of(), 1, 0);

  public Jobs {
    startPlanned = List.copyOf(startPlanned);
    starting = List.copyOf(starting);
    stopPlanned = List.copyOf(stopPlanned);
    stopping = List.copyOf(stopping);
    failures = List.copyOf(failures);
    extraArgs = Map.copyOf(extraArgs);
  }

  public boolean startingBusy() {
    return !startPlanned.isEmpty() || !starting.isEmpty();
  }

  public boolean stoppingBusy() {
    return !stopPlanned.isEmpty() || !stopping.isEmpty();
  }

  /** Whether the application has a start or stop job, planned or in progress. */
  public boolean busy(String applicationName) {
    return allJobs().anyMatch(j -> j.applicationName().equals(applicationName));
  }

  /** Whether any job still serves that request (its follow-up start included). */
  public boolean serves(long request) {
    return allJobs().anyMatch(j -> j.concerns(request));
  }

  Stream<ApplicationJob> allJobs() {
    return Stream.of(startPlanned, starting, stopPlanned, stopping).flatMap(List::stream);
  }

  String extraArgsOf(String namespec) {
    return extraArgs.getOrDefault(namespec, "");
  }

  // ---------------------------------------------------------------- copies

  Jobs withStarter(List<ApplicationJob> planned, List<ApplicationJob> inProgress) {
    return new Jobs(planned, inProgress, stopPlanned, stopping, failures, extraArgs, nextId, updatedAt);
  }

  Jobs withStopper(List<ApplicationJob> planned, List<ApplicationJob> inProgress) {
    return new Jobs(startPlanned, starting, planned, inProgress, failures, extraArgs, nextId, updatedAt);
  }

  Jobs withFailures(List<RunningFailure> newFailures) {
    return new Jobs(startPlanned, starting, stopPlanned, stopping, newFailures, extraArgs, nextId, updatedAt);
  }

  Jobs withExtraArgs(String namespec, String args) {
    Map<String, String> copy = new java.util.HashMap<>(extraArgs);
    if (args.isEmpty()) {
      copy.remove(namespec);
    } else {
      copy.put(namespec, args);
    }
    return new Jobs(startPlanned, starting, stopPlanned, stopping, failures, copy, nextId, updatedAt);
  }

  /** A fresh identifier, and the jobs that will not give it again. */
  Jobs withNextId() {
    return new Jobs(startPlanned, starting, stopPlanned, stopping, failures, extraArgs, nextId + 1, updatedAt);
  }

  public Jobs at(long millis) {
    return new Jobs(startPlanned, starting, stopPlanned, stopping, failures, extraArgs, nextId, millis);
  }

  /** A journal of another time: nothing of it is kept but the identifiers already given. */
  public Jobs forgotten() {
    return new Jobs(List.of(), List.of(), List.of(), List.of(), List.of(), Map.of(), nextId, updatedAt);
  }

  /** Every job dropped (entering INITIALIZATION, RESTARTING, SHUTTING_DOWN); extra args stay. */
  public Jobs aborted() {
    return new Jobs(List.of(), List.of(), List.of(), List.of(), List.of(), extraArgs, nextId, updatedAt);
  }

  /**
   * The jobs of a previous Master, resumed: the commands of the current stages that were not seen
   * taking effect are given again, since nobody knows whether they went out, and so are those whose
   * process is not where the previous Master saw it any more. Their target is kept while it runs; a
   * start whose target is gone (or an application placed on it) is placed anew. A command given again
   * ends at once if its process is already in the state it asks for.
   *
   * @param keep the commands seen taking effect that still stand as they are
   * @param running whether an instance is RUNNING now
   */
  public Jobs reissued(Predicate<ProcessCommand> keep, Predicate<String> running) {
    return new Jobs(startPlanned.stream().map(j -> j.resumed(c -> false, running)).toList(),
        starting.stream().map(j -> j.resumed(keep, running)).toList(), stopPlanned,
        stopping.stream().map(j -> j.resumed(keep, running)).toList(), failures, extraArgs, nextId, updatedAt);
  }

  /** The identifiers given from now on are above those of {@code other} too. */
  public Jobs withIdsAbove(Jobs other) {
    return new Jobs(startPlanned, starting, stopPlanned, stopping, failures, extraArgs,
        Math.max(nextId, other.nextId), updatedAt);
  }

  /** A start job planned; one planned for the same application and rank is replaced. */
  Jobs planStart(ApplicationJob job) {
    List<ApplicationJob> planned = new ArrayList<>(startPlanned);
    planned.removeIf(j -> j.applicationName().equals(job.applicationName()) && j.rank() == job.rank());
    planned.add(job);
    return withStarter(planned, starting);
  }

  Jobs planStop(ApplicationJob job) {
    List<ApplicationJob> planned = new ArrayList<>(stopPlanned);
    planned.add(job);
    return withStopper(planned, stopping);
  }

  /** Replaces the first job matching, wherever it is. */
  Jobs replace(Predicate<ApplicationJob> which, ApplicationJob by) {
    return new Jobs(replaced(startPlanned, which, by), replaced(starting, which, by), replaced(stopPlanned, which, by),
        replaced(stopping, which, by), failures, extraArgs, nextId, updatedAt);
  }

  private static List<ApplicationJob> replaced(List<ApplicationJob> jobs, Predicate<ApplicationJob> which, ApplicationJob by) {
    List<ApplicationJob> copy = new ArrayList<>(jobs);
    copy.replaceAll(j -> which.test(j) ? by : j);
    return copy;
  }
}
