package org.supvisors.protocol;

/** Which statistics are collected (StatisticsTypes). */
public enum StatisticsType implements Coded {
  OFF(0),
  HOST(1),
  PROCESS(2),
  ALL(3);

  private final int code;

  StatisticsType(int code) {
    this.code = code;
  }

  @Override
  public int code() {
    return code;
  }
}
