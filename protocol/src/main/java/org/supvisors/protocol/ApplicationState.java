package org.supvisors.protocol;

/** State of an application (ApplicationStates); DELETED only appears in events. */
public enum ApplicationState implements Coded {
  STOPPED(0),
  STARTING(1),
  RUNNING(2),
  STOPPING(3),
  DELETED(4);

  private final int code;

  ApplicationState(int code) {
    this.code = code;
  }

  @Override
  public int code() {
    return code;
  }
}
