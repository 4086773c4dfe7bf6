package org.supvisors.node.fsm;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.supvisors.node.instance.Instances;
import org.supvisors.protocol.InstanceInfo;
import org.supvisors.protocol.InstanceState;
import org.supvisors.protocol.SynchroOption;

/**
 * The conditions of the manual's section 8.1 that end the INITIALIZATION state, evaluated on a
 * snapshot of the instances. Pure functions: the Master calls them on every change and tick.
 */
public final class SyncConditions {

  private final List<SynchroOption> options;
  private final List<String> declaredIdentifiers;
  private final List<String> coreIdentifiers;
  private final Duration synchroTimeout;

  public SyncConditions(
      List<SynchroOption> options,
      List<String> declaredIdentifiers,
      List<String> coreIdentifiers,
      Duration synchroTimeout) {
    this.options = List.copyOf(options);
    this.declaredIdentifiers = List.copyOf(declaredIdentifiers);
    this.coreIdentifiers = List.copyOf(coreIdentifiers);
    this.synchroTimeout = synchroTimeout;
  }

  /**
   * Whether the synchronization is over. {@code masterChosen}: a Master was set by the user
   * (end_sync), which is what the USER option waits for. The options are simply OR-ed.
   */
  public boolean satisfied(Instances.View view, Duration uptime, boolean masterChosen) {
    for (SynchroOption option : options) {
      if (holds(option, view, uptime, masterChosen)) {
        return true;
      }
    }
    return false;
  }

  boolean holds(SynchroOption option, Instances.View view, Duration uptime, boolean masterChosen) {
    return switch (option) {
      case STRICT -> allRunning(view, declaredIdentifiers);
      case LIST -> allRunning(view, view.instances().keySet());
      case TIMEOUT -> uptime.compareTo(synchroTimeout) >= 0;
      // As the manual says (the 0.17.4 code also waits 15 s first, which makes CORE no faster
      // than the minimal TIMEOUT): the core instances running is enough.
      case CORE -> !coreIdentifiers.isEmpty() && allRunning(view, coreIdentifiers);
      case USER -> masterChosen;
    };
  }

  /** The next moment a time-based condition could hold, to arm a timer rather than poll. */
  public Duration nextTimeCondition(Duration uptime) {
    Duration next = Duration.ofDays(1);
    if (options.contains(SynchroOption.TIMEOUT) && uptime.compareTo(synchroTimeout) < 0) {
      next = synchroTimeout.minus(uptime);
    }
    return next;
  }

  private static boolean allRunning(Instances.View view, Collection<String> identifiers) {
    for (String identifier : identifiers) {
      InstanceInfo info = view.instances().get(identifier);
      if (info == null || info.state() != InstanceState.RUNNING) {
        return false;
      }
    }
    return true;
  }
}
