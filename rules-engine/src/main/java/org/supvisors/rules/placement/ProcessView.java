package org.supvisors.rules.placement;

import java.util.Set;
import org.supvisors.protocol.ProcessState;

/**
 * A process as the Master sees it when choosing where to start something.
 *
 * @param namespec {@code application:process}
 * @param state the synthetic state; its load counts only in RUNNING_STATES
 * @param expectedLoading from its rules, percent of a node
 * @param runningOn instances where it is running (more than one is a conflict)
 * @param definedOn instances whose Supervisor configuration knows it
 * @param disabledOn instances where it is disabled
 */
public record ProcessView(
    String namespec,
    ProcessState state,
    int expectedLoading,
    Set<String> runningOn,
    Set<String> definedOn,
    Set<String> disabledOn) {

  public ProcessView {
    runningOn = Set.copyOf(runningOn);
    definedOn = Set.copyOf(definedOn);
    disabledOn = Set.copyOf(disabledOn);
  }

  /** Whether this instance can run it: known there and not disabled. */
  public boolean startableOn(String identifier) {
    return definedOn.contains(identifier) && !disabledOn.contains(identifier);
  }

  public boolean running() {
    return state.isRunning();
  }
}
