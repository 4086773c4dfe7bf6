package org.supvisors.protocol;

/** What the Master does when a running process is lost (RunningFailureStrategies). */
public enum RunningFailureStrategy implements Coded {
  CONTINUE(0),
  RESTART_PROCESS(1),
  STOP_APPLICATION(2),
  RESTART_APPLICATION(3),
  SHUTDOWN(4),
  RESTART(5);

  private final int code;

  RunningFailureStrategy(int code) {
    this.code = code;
  }

  @Override
  public int code() {
    return code;
  }
}
