package org.supvisors.protocol;

/** State of a Supvisors instance as seen by the local node (SupvisorsInstanceStates). */
public enum InstanceState implements Coded {
  UNKNOWN(0),
  CHECKING(1),
  CHECKED(2),
  RUNNING(3),
  SILENT(4),
  ISOLATING(5),
  ISOLATED(6);

  private final int code;

  InstanceState(int code) {
    this.code = code;
  }

  @Override
  public int code() {
    return code;
  }
}
