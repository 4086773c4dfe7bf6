package org.supvisors.protocol;

import java.util.EnumSet;
import java.util.Set;

/** The Supvisors state machine states (SupvisorsStates) and the groups the guards use. */
public enum SupvisorsState implements Coded {
  OFF(0),
  INITIALIZATION(1),
  DEPLOYMENT(2),
  OPERATION(3),
  CONCILIATION(4),
  RESTARTING(5),
  SHUTTING_DOWN(6),
  FINAL(7);

  /** States in which the Master drives applications. */
  public static final Set<SupvisorsState> WORKING_STATES =
      EnumSet.of(DEPLOYMENT, OPERATION, CONCILIATION);

  /** States in which Supvisors is on its way out. */
  public static final Set<SupvisorsState> CLOSING_STATES =
      EnumSet.of(RESTARTING, SHUTTING_DOWN, FINAL);

  private final int code;

  SupvisorsState(int code) {
    this.code = code;
  }

  @Override
  public int code() {
    return code;
  }
}
