package org.supvisors.node.cluster;

/**
 * What a node tells a starting node about its membership, so that the starting node knows whether
 * to join an existing cluster or whether a cluster must be formed (see {@link ClusterJoiner}).
 *
 * @param status NONE (not a member), FORMING (decided to form the cluster) or MEMBER
 */
public record JoinInfo(String identifier, String address, String status) {

  public static final String NONE = "NONE";
  public static final String FORMING = "FORMING";
  public static final String MEMBER = "MEMBER";

  public String toJson() {
    return "{\"identifier\":" + quote(identifier) + ",\"address\":" + quote(address)
        + ",\"status\":" + quote(status) + "}";
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
