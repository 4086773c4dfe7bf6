package org.supvisors.protocol;

/** A condition that ends the INITIALIZATION state (SynchronizationOptions). */
public enum SynchroOption implements Coded {
  STRICT(0),
  LIST(1),
  TIMEOUT(2),
  CORE(3),
  USER(4);

  private final int code;

  SynchroOption(int code) {
    this.code = code;
  }

  @Override
  public int code() {
    return code;
  }
}
