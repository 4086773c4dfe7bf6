package org.supvisors.protocol;

/** How an instance is chosen to start a process (StartingStrategies). */
public enum StartingStrategy implements Coded {
  CONFIG(0),
  LESS_LOADED(1),
  MOST_LOADED(2),
  LOCAL(3),
  LESS_LOADED_NODE(4),
  MOST_LOADED_NODE(5);

  private final int code;

  StartingStrategy(int code) {
    this.code = code;
  }

  @Override
  public int code() {
    return code;
  }
}
