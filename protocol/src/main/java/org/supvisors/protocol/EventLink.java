package org.supvisors.protocol;

/** Protocol of the external event publication (EventLinks). */
public enum EventLink implements Coded {
  NONE(0),
  ZMQ(1),
  WS(2);

  private final int code;

  EventLink(int code) {
    this.code = code;
  }

  @Override
  public int code() {
    return code;
  }
}
