package org.supvisors.protocol;

import java.util.EnumSet;
import java.util.Set;

/**
 * Supervisor's process states (supervisor/states.py), plus the DELETED pseudo-state that Supvisors
 * uses in events for removed processes.
 */
public enum ProcessState implements Coded {
  DELETED(-1),
  STOPPED(0),
  STARTING(10),
  RUNNING(20),
  BACKOFF(30),
  STOPPING(40),
  EXITED(100),
  FATAL(200),
  UNKNOWN(1000);

  /** Running in a broad sense; STOPPING is in neither group. */
  public static final Set<ProcessState> RUNNING_STATES = EnumSet.of(RUNNING, BACKOFF, STARTING);

  public static final Set<ProcessState> STOPPED_STATES = EnumSet.of(STOPPED, EXITED, FATAL, UNKNOWN);

  private final int code;

  ProcessState(int code) {
    this.code = code;
  }

  @Override
  public int code() {
    return code;
  }

  public boolean isRunning() {
    return RUNNING_STATES.contains(this);
  }

  public boolean isStopped() {
    return STOPPED_STATES.contains(this);
  }
}
