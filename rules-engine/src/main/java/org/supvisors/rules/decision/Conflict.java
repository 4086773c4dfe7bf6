package org.supvisors.rules.decision;

import java.util.List;
import org.supvisors.protocol.RunningFailureStrategy;
import org.supvisors.protocol.StartingStrategy;

/**
 * A process of a managed application running on more than one instance.
 *
 * @param copies where it runs, with how long it has been running there
 * @param applicationStrategy the application's starting strategy (RESTART conciliation)
 * @param runningFailureStrategy the process's strategy (RUNNING_FAILURE conciliation)
 * @param inStartSequence whether it has a positive start sequence
 * @param applicationStopped whether the application is STOPPED
 */
public record Conflict(
    String applicationName,
    String namespec,
    List<Copy> copies,
    StartingStrategy applicationStrategy,
    RunningFailureStrategy runningFailureStrategy,
    boolean inStartSequence,
    boolean applicationStopped) {

  public Conflict {
    copies = List.copyOf(copies);
  }

  /** One running copy: the instance and the uptime there, in seconds. */
  public record Copy(String identifier, long uptime) {}

  RunningFailure asRunningFailure() {
    return new RunningFailure(
        applicationName, namespec, runningFailureStrategy, applicationStrategy, inStartSequence, applicationStopped);
  }
}
