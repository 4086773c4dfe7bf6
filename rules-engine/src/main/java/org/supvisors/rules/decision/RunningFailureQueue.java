package org.supvisors.rules.decision;

import java.util.TreeMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.supvisors.protocol.RunningFailureStrategy;
import org.supvisors.protocol.StartingStrategy;

/**
 * The running-failure jobs waiting for execution, with the manual's priorities (section 8.6): per
 * application, stopping beats restarting the application, which beats restarting its sequenced
 * processes, which beats doing nothing.
 *
 * <p>Immutable: {@link #add} and {@link #drain} return new queues, so the Master can keep it in its
 * event-sourced state.
 */
public final class RunningFailureQueue {

  /** The jobs of one application. */
  private record Jobs(
      boolean stop,
      StartingStrategy restartApplication,
      Map<String, RunningFailure> restartProcesses,
      Map<String, RunningFailure> continues) {

    static final Jobs NONE = new Jobs(false, null, Map.of(), Map.of());

    boolean isEmpty() {
      return !stop && restartApplication == null && restartProcesses.isEmpty() && continues.isEmpty();
    }
  }

  /** Result of {@link #drain}: actions to run now, and the jobs deferred. */
  public record Drained(List<Action> actions, RunningFailureQueue remaining) {}

  private static final RunningFailureQueue EMPTY = new RunningFailureQueue(Map.of());

  private final Map<String, Jobs> jobs;

  private RunningFailureQueue(Map<String, Jobs> jobs) {
    this.jobs = jobs;
  }

  public static RunningFailureQueue empty() {
    return EMPTY;
  }

  public boolean isEmpty() {
    return jobs.isEmpty();
  }

  /** The queue with one more failure. RESTART and SHUTDOWN have no job: they never reach a queue. */
  public RunningFailureQueue add(RunningFailure failure) {
    Jobs current = jobs.getOrDefault(failure.applicationName(), Jobs.NONE);
    Jobs next = switch (failure.strategy()) {
      case STOP_APPLICATION -> new Jobs(true, null, Map.of(), Map.of());
      case RESTART_APPLICATION -> restartApplication(current, failure);
      case RESTART_PROCESS -> restartProcess(current, failure);
      case CONTINUE -> addContinue(current, failure);
      case RESTART, SHUTDOWN -> current;
    };
    return with(failure.applicationName(), next);
  }

  private static Jobs restartApplication(Jobs current, RunningFailure failure) {
    if (current.stop) {
      return current;
    }
    // The application restart restarts its sequenced processes: their own jobs are superseded.
    return new Jobs(false, failure.applicationStrategy(),
        withoutSequenced(current.restartProcesses), withoutSequenced(current.continues));
  }

  private static Jobs restartProcess(Jobs current, RunningFailure failure) {
    if (current.stop || (current.restartApplication != null && failure.inStartSequence())) {
      return current;
    }
    if (failure.applicationStopped() && failure.inStartSequence()) {
      // Nothing of the application runs any more: restarting the one process would not restore it.
      return restartApplication(current, failure);
    }
    Map<String, RunningFailure> restarts = new LinkedHashMap<>(current.restartProcesses);
    restarts.put(failure.namespec(), failure);
    Map<String, RunningFailure> continues = new LinkedHashMap<>(current.continues);
    continues.remove(failure.namespec());
    return new Jobs(false, current.restartApplication, restarts, continues);
  }

  private static Jobs addContinue(Jobs current, RunningFailure failure) {
    boolean covered = current.stop
        || (current.restartApplication != null && failure.inStartSequence())
        || current.restartProcesses.containsKey(failure.namespec());
    if (covered) {
      return current;
    }
    Map<String, RunningFailure> continues = new LinkedHashMap<>(current.continues);
    continues.put(failure.namespec(), failure);
    return new Jobs(false, current.restartApplication, current.restartProcesses, continues);
  }

  private static Map<String, RunningFailure> withoutSequenced(Map<String, RunningFailure> jobs) {
    Map<String, RunningFailure> kept = new LinkedHashMap<>();
    jobs.forEach((namespec, f) -> {
      if (!f.inStartSequence()) {
        kept.put(namespec, f);
      }
    });
    return kept;
  }

  private RunningFailureQueue with(String applicationName, Jobs next) {
    Map<String, Jobs> copy = new LinkedHashMap<>(jobs);
    if (next.isEmpty()) {
      copy.remove(applicationName);
    } else {
      copy.put(applicationName, next);
    }
    return new RunningFailureQueue(Map.copyOf(copy));
  }

  /**
   * Takes the jobs that can run now. Applications with a start or stop job in progress are deferred
   * to a later call, so that the failure handling does not fight the sequence.
   *
   * @param busy whether an application has Starter or Stopper jobs (planned or in progress)
   */
  public Drained drain(Predicate<String> busy) {
    List<Action> actions = new ArrayList<>();
    Map<String, Jobs> deferred = new LinkedHashMap<>();
    for (Map.Entry<String, Jobs> entry : new TreeMap<>(jobs).entrySet()) {
      if (busy.test(entry.getKey())) {
        deferred.put(entry.getKey(), entry.getValue());
        continue;
      }
      Jobs j = entry.getValue();
      if (j.stop) {
        actions.add(new Action.StopApplication(entry.getKey()));
        continue;
      }
      if (j.restartApplication != null) {
        actions.add(new Action.RestartApplication(entry.getKey(), j.restartApplication));
      }
      j.restartProcesses.values().forEach(f -> actions.add(new Action.RestartProcess(f.namespec(), f.applicationStrategy())));
      j.continues.values().forEach(f -> actions.add(new Action.LogOnly(f.namespec(), RunningFailureStrategy.CONTINUE)));
    }
    return new Drained(List.copyOf(actions), new RunningFailureQueue(Map.copyOf(deferred)));
  }

  /** Pending jobs are discarded when Supvisors enters INITIALIZATION, RESTARTING or SHUTTING_DOWN. */
  public RunningFailureQueue clear() {
    return EMPTY;
  }
}
