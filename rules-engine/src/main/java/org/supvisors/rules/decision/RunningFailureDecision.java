package org.supvisors.rules.decision;

import java.util.List;

/**
 * Which running failures the Master acts upon, and how (manual section 8.6): a crash and an
 * instance loss do not trigger the same strategies.
 */
public final class RunningFailureDecision {

  private RunningFailureDecision() {}

  /**
   * A process crashed (FATAL, or EXITED unexpectedly). RESTART and SHUTDOWN act on Supvisors at
   * once; STOP_APPLICATION and RESTART_APPLICATION are queued, unless the state was forced by the
   * Starter or Stopper (which already handles that failure); CONTINUE and RESTART_PROCESS leave it
   * to Supervisor's own autorestart.
   */
  public static List<Action> onCrash(RunningFailure failure, boolean forcedState) {
    return switch (failure.strategy()) {
      case RESTART -> List.of(new Action.RestartSupvisors());
      case SHUTDOWN -> List.of(new Action.ShutdownSupvisors());
      case STOP_APPLICATION, RESTART_APPLICATION ->
          forcedState ? List.of() : List.of(new Action.SubmitRunningFailure(failure));
      case CONTINUE, RESTART_PROCESS -> List.of();
    };
  }

  /**
   * A process ran on an instance that was lost and now runs nowhere. Every strategy is queued but
   * RESTART and SHUTDOWN: restarting the whole system because one host died would defeat the
   * purpose of having several.
   */
  public static List<Action> onInstanceLost(RunningFailure failure) {
    return switch (failure.strategy()) {
      case RESTART, SHUTDOWN -> List.of();
      default -> List.of(new Action.SubmitRunningFailure(failure));
    };
  }

  /**
   * Whether the loss of the instance where the process ran makes the Master act on it: restart it elsewhere (alone
   * or with its application) or stop its application. False when it is left alone: CONTINUE only logs it, RESTART
   * and SHUTDOWN are not applied to instance losses. The node of a downed instance asks this for the processes it
   * runs, to stop those that would otherwise run twice: it runs the same decision and queue as the Master.
   */
  public static boolean actsOnInstanceLost(RunningFailure failure) {
    RunningFailureQueue queue = RunningFailureQueue.empty();
    for (Action action : onInstanceLost(failure)) {
      if (action instanceof Action.SubmitRunningFailure submit) {
        queue = queue.add(submit.failure());
      }
    }
    return queue.drain(application -> false).actions().stream()
        .anyMatch(action -> !(action instanceof Action.LogOnly));
  }
}
