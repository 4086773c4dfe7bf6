package org.supvisors.protocol;

/** How the processes of an application may spread over instances (DistributionRules). */
public enum DistributionRule implements Coded {
  ALL_INSTANCES(0),
  SINGLE_INSTANCE(1),
  SINGLE_NODE(2);

  private final int code;

  DistributionRule(int code) {
    this.code = code;
  }

  @Override
  public int code() {
    return code;
  }
}
