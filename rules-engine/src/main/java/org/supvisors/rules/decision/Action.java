package org.supvisors.rules.decision;

import org.supvisors.protocol.RunningFailureStrategy;
import org.supvisors.protocol.StartingStrategy;

/**
 * What the Master must do after a decision of the rules engine. The engine only decides; the
 * Master's Starter and Stopper carry the actions out.
 */
public sealed interface Action {

  /** Stop a process on one instance. */
  record StopProcessOn(String namespec, String identifier) implements Action {}

  /** Stop a process wherever it runs, then start it once with this strategy. */
  record RestartProcess(String namespec, StartingStrategy strategy) implements Action {}

  /** Stop an application (stop sequence). */
  record StopApplication(String applicationName) implements Action {}

  /** Stop an application if it runs, then start it with this strategy. */
  record RestartApplication(String applicationName, StartingStrategy strategy) implements Action {}

  /** Restart the whole of Supvisors (RESTARTING state). */
  record RestartSupvisors() implements Action {}

  /** Shut the whole of Supvisors down (SHUTTING_DOWN state). */
  record ShutdownSupvisors() implements Action {}

  /** Hand a lost process to the {@link RunningFailureQueue}. */
  record SubmitRunningFailure(RunningFailure failure) implements Action {}

  /** Nothing to do but say so in the log (CONTINUE strategy). */
  record LogOnly(String namespec, RunningFailureStrategy strategy) implements Action {}
}
