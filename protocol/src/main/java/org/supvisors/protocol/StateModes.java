package org.supvisors.protocol;

/**
 * What one node declares about itself to the others: its Supvisors state, the Master it knows and
 * whether its Starter and Stopper have jobs. Forced to OFF when the instance is lost.
 */
public record StateModes(
    SupvisorsState fsmState,
    boolean discoveryMode,
    String masterIdentifier,
    boolean startingJobs,
    boolean stoppingJobs)
    implements ClusterSerializable {

  public static final StateModes OFF = new StateModes(SupvisorsState.OFF, false, "", false, false);

  public StateModes {
    masterIdentifier = masterIdentifier == null ? "" : masterIdentifier;
  }

  public StateModes withState(SupvisorsState state) {
    return new StateModes(state, discoveryMode, masterIdentifier, startingJobs, stoppingJobs);
  }
}
