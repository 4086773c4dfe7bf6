package org.supvisors.node.context;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.supvisors.protocol.LocalProcessInfo;
import org.supvisors.protocol.ProcessInfo;
import org.supvisors.protocol.ProcessState;
import org.supvisors.rules.ProcessRules;
import org.supvisors.rules.Rules;

/**
 * One process over every instance that defines it, and its synthetic state (compat behaviour §5):
 * the instances where it runs, the state shown for the whole system, whether its last stop was
 * expected. Immutable: every event gives a new status.
 *
 * @param infos the process as each instance's supervisord last described it
 * @param running the instances where it is in a running state (STOPPING keeps an instance)
 * @param forcedState a state imposed by the Starter or Stopper when it gave up, shown instead of
 *     the synthetic one until the next real event; {@code null} when none
 */
public record ProcessStatus(
    String applicationName,
    String processName,
    Map<String, LocalProcessInfo> infos,
    Set<String> running,
    ProcessState state,
    boolean expectedExit,
    double lastEventTime,
    String extraArgs,
    ProcessState forcedState,
    String forcedReason,
    boolean everCrashed) {

  /** The order in which a conflict picks the state to show (compat behaviour §5.1). */
  private static final List<ProcessState> CONFLICT_PRIORITY =
      List.of(ProcessState.RUNNING, ProcessState.BACKOFF, ProcessState.STARTING, ProcessState.STOPPING);

  public ProcessStatus {
    infos = Collections.unmodifiableMap(new LinkedHashMap<>(infos));
    running = Collections.unmodifiableSet(new LinkedHashSet<>(running));
  }

  public static ProcessStatus unknown(String applicationName, String processName) {
    return new ProcessStatus(applicationName, processName, Map.of(), Set.of(),
        ProcessState.UNKNOWN, true, 0.0, "", null, "", false);
  }

  /** The status after instance {@code identifier} reported {@code info} at local time {@code now}. */
  public ProcessStatus update(String identifier, LocalProcessInfo info, double now) {
    Map<String, LocalProcessInfo> newInfos = new LinkedHashMap<>(infos);
    newInfos.put(identifier, info);
    Set<String> newRunning = new LinkedHashSet<>(running);
    ProcessState reported = info.state();
    if (reported.isStopped()) {
      newRunning.remove(identifier);
    } else if (reported.isRunning()) {
      if (state.isStopped()) {
        newRunning.clear();
      }
      newRunning.add(identifier);
    }
    return synthesize(newInfos, newRunning, now, info.extraArgs(), null, "");
  }

  /** The process no longer exists on that instance (group removed, numprocs decreased). */
  public ProcessStatus remove(String identifier, double now) {
    Map<String, LocalProcessInfo> newInfos = new LinkedHashMap<>(infos);
    newInfos.remove(identifier);
    Set<String> newRunning = new LinkedHashSet<>(running);
    newRunning.remove(identifier);
    return synthesize(newInfos, newRunning, now, extraArgs, forcedState, forcedReason);
  }

  /**
   * Instance {@code identifier} is lost: where the process ran there, it is now FATAL with an
   * unexpected exit, so that it counts as a failure (compat behaviour §3.4).
   */
  public ProcessStatus instanceLost(String identifier, double now) {
    LocalProcessInfo info = infos.get(identifier);
    if (info == null || !running.contains(identifier)) {
      return this;
    }
    LocalProcessInfo lost = new LocalProcessInfo(info.name(), info.group(), ProcessState.FATAL,
        info.start(), (long) now, (long) now, 0, "Supervisor " + identifier + " lost",
        "Supervisor " + identifier + " lost", false, info.startsecs(), info.stopwaitsecs(),
        info.extraArgs(), info.disabled(), info.programName(), info.processIndex());
    return update(identifier, lost, now);
  }

  /** Shows {@code state} instead of the synthetic state until the next real event. */
  public ProcessStatus force(ProcessState forced, String reason) {
    return new ProcessStatus(applicationName, processName, infos, running, state, expectedExit,
        lastEventTime, extraArgs, forced, reason, everCrashed);
  }

  private ProcessStatus synthesize(Map<String, LocalProcessInfo> newInfos, Set<String> newRunning,
      double now, String newExtraArgs, ProcessState forced, String reason) {
    ProcessState newState;
    boolean newExpected = expectedExit;
    if (newRunning.size() > 1) {
      newState = ProcessState.UNKNOWN;
      for (ProcessState candidate : CONFLICT_PRIORITY) {
        if (newRunning.stream().anyMatch(id -> newInfos.get(id).state() == candidate)) {
          newState = candidate;
          break;
        }
      }
    } else if (newRunning.size() == 1) {
      newState = newInfos.get(newRunning.iterator().next()).state();
      newExpected = true;
    } else if (newInfos.values().stream().anyMatch(i -> i.state() == ProcessState.STOPPING)) {
      newState = ProcessState.STOPPING;
      newExpected = true;
    } else {
      LocalProcessInfo last = null;
      for (LocalProcessInfo info : newInfos.values()) {
        if (last == null || info.stop() > last.stop()) {
          last = info;
        }
      }
      newState = last == null ? ProcessState.UNKNOWN : last.state();
      newExpected = last == null || last.exitExpected();
    }
    ProcessStatus next = new ProcessStatus(applicationName, processName, newInfos, newRunning,
        newState, newExpected, now, newExtraArgs, forced, reason, everCrashed);
    return next.crashed() ? next.withCrashHistory() : next;
  }

  private ProcessStatus withCrashHistory() {
    return new ProcessStatus(applicationName, processName, infos, running, state, expectedExit,
        lastEventTime, extraArgs, forcedState, forcedReason, true);
  }

  /** The state shown: the forced one if any, else the synthetic one. */
  public ProcessState displayedState() {
    return forcedState != null ? forcedState : state;
  }

  public boolean isRunning() {
    return state.isRunning();
  }

  public boolean isStopped() {
    return state.isStopped();
  }

  /** FATAL, or EXITED with an unexpected exit. */
  public boolean crashed() {
    return state == ProcessState.FATAL || (state == ProcessState.EXITED && !expectedExit);
  }

  /** Running on more than one instance. */
  public boolean conflicting() {
    return running.size() > 1;
  }

  /** FATAL or unexpectedly EXITED on that very instance (an instance's process_failure). */
  public boolean failedOn(String identifier) {
    LocalProcessInfo info = infos.get(identifier);
    return info != null
        && (info.state() == ProcessState.FATAL || (info.state() == ProcessState.EXITED && !info.exitExpected()));
  }

  /** Its rules; its rank in its program comes from what its supervisords report (-1 if none does). */
  public ProcessRules rulesIn(Rules rules) {
    int index = infos.values().stream().findFirst().map(LocalProcessInfo::processIndex).orElse(-1);
    return rules.programRules(applicationName, processName, index);
  }

  /** The processes of one application among {@code processes}, in their order. */
  public static List<ProcessStatus> ofApplication(Collection<ProcessStatus> processes, String applicationName) {
    List<ProcessStatus> members = new ArrayList<>();
    for (ProcessStatus status : processes) {
      if (status.applicationName().equals(applicationName)) {
        members.add(status);
      }
    }
    return members;
  }

  public String namespec() {
    return org.supvisors.protocol.Namespec.of(applicationName, processName);
  }

  public ProcessInfo toInfo() {
    return new ProcessInfo(applicationName, processName, displayedState(), expectedExit,
        lastEventTime, new ArrayList<>(running), extraArgs);
  }
}
