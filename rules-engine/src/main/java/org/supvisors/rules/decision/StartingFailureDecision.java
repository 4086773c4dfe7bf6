package org.supvisors.rules.decision;

import org.supvisors.protocol.StartingFailureStrategy;
import org.supvisors.rules.ProcessRules;

/**
 * What an application start does when one of its processes fails to start (it failed, or no
 * instance could take it). Only required processes matter: a failure of an optional one never
 * changes the sequence.
 */
public enum StartingFailureDecision {
  /** Go on with the next stages. */
  CONTINUE,
  /** Drop the stages not started yet; the commands in progress finish. */
  ABORT,
  /** As ABORT, then stop the application once the start job has ended. */
  ABORT_AND_STOP;

  /** The decision for a failed process, from its resolved rules. */
  public static StartingFailureDecision of(ProcessRules failed) {
    return of(failed.required(), failed.startingFailureStrategy());
  }

  public static StartingFailureDecision of(boolean required, StartingFailureStrategy strategy) {
    if (!required) {
      return CONTINUE;
    }
    return switch (strategy) {
      case ABORT -> ABORT;
      case STOP -> ABORT_AND_STOP;
      case CONTINUE -> CONTINUE;
    };
  }
}
