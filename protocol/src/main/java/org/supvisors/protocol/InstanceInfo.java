package org.supvisors.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One Supvisors instance as the local node sees it: result of get_instance_info and body of the
 * {@code instance} event. Times are seconds since the epoch.
 */
public record InstanceInfo(
    String identifier,
    String nodeName,
    int port,
    InstanceState state,
    int sequenceCounter,
    long remoteTime,
    long localTime,
    int loading,
    boolean processFailure,
    StateModes stateModes)
    implements WireStruct {

  /** The same instance with the load and failure flag that the process model computed. */
  public InstanceInfo withLoad(int newLoading, boolean newProcessFailure) {
    return new InstanceInfo(identifier, nodeName, port, state, sequenceCounter, remoteTime, localTime,
        newLoading, newProcessFailure, stateModes);
  }

  @Override
  public Map<String, Object> toWire() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("identifier", identifier);
    map.put("node_name", nodeName);
    map.put("port", port);
    map.put("statecode", state.code());
    map.put("statename", state.name());
    map.put("sequence_counter", sequenceCounter);
    map.put("remote_time", capInt(remoteTime));
    map.put("local_time", capInt(localTime));
    map.put("loading", loading);
    map.put("process_failure", processFailure);
    map.put("fsm_statecode", stateModes.fsmState().code());
    map.put("fsm_statename", stateModes.fsmState().name());
    map.put("discovery_mode", stateModes.discoveryMode());
    map.put("master_identifier", stateModes.masterIdentifier());
    map.put("starting_jobs", stateModes.startingJobs());
    map.put("stopping_jobs", stateModes.stoppingJobs());
    return map;
  }

  /** Supervisor clamps times to a signed 32-bit int so that XML-RPC can carry them. */
  public static int capInt(long value) {
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
  }
}
