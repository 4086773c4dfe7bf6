package org.supvisors.protocol;

/** What an application start does when a required process fails to start. */
public enum StartingFailureStrategy implements Coded {
  ABORT(0),
  STOP(1),
  CONTINUE(2);

  private final int code;

  StartingFailureStrategy(int code) {
    this.code = code;
  }

  @Override
  public int code() {
    return code;
  }
}
