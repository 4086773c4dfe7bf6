package org.supvisors.node.context;

import java.util.Collection;
import org.supvisors.protocol.ApplicationInfo;
import org.supvisors.protocol.ApplicationState;
import org.supvisors.protocol.ProcessState;

/**
 * An application's state and failures from its processes (compat behaviour §6.1). Recomputed from
 * scratch on every change: all processes of a managed application count, whatever their
 * start_sequence; an unmanaged application is always STOPPED without failure.
 */
public final class ApplicationEvaluation {

  /** What the evaluation needs of one process. */
  public record Member(ProcessState displayedState, boolean expectedExit, boolean required) {}

  private ApplicationEvaluation() {}

  public static ApplicationInfo evaluate(String applicationName, boolean managed, Collection<Member> members) {
    if (!managed || members.isEmpty()) {
      return new ApplicationInfo(applicationName, managed, ApplicationState.STOPPED, false, false);
    }
    ApplicationState state = stateOf(members);
    boolean major = false;
    boolean minor = false;
    for (Member member : members) {
      ProcessState shown = member.displayedState();
      boolean failed = shown == ProcessState.FATAL
          || shown == ProcessState.UNKNOWN
          || (shown == ProcessState.EXITED && !member.expectedExit());
      if (failed) {
        major |= member.required();
        minor |= !member.required();
      } else if (shown == ProcessState.STOPPED && member.required() && state != ApplicationState.STOPPED) {
        major = true;
      }
    }
    return new ApplicationInfo(applicationName, true, state, major, minor);
  }

  private static ApplicationState stateOf(Collection<Member> members) {
    if (members.stream().anyMatch(m -> m.displayedState() == ProcessState.STOPPING)) {
      return ApplicationState.STOPPING;
    }
    if (members.stream().anyMatch(m -> m.displayedState() == ProcessState.STARTING
        || m.displayedState() == ProcessState.BACKOFF)) {
      return ApplicationState.STARTING;
    }
    if (members.stream().anyMatch(m -> m.displayedState() == ProcessState.RUNNING)) {
      return ApplicationState.RUNNING;
    }
    return ApplicationState.STOPPED;
  }
}
