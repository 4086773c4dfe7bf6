package org.supvisors.protocol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state and modes of Supvisors as known by one node: result of get_supvisors_state and body of
 * the {@code supvisors} event. {@code masterIdentifier} is empty when no Master is known.
 */
public record SupvisorsStatus(
    SupvisorsState fsmState,
    boolean discoveryMode,
    String masterIdentifier,
    List<String> startingJobs,
    List<String> stoppingJobs)
    implements WireStruct {

  public SupvisorsStatus {
    masterIdentifier = masterIdentifier == null ? "" : masterIdentifier;
    startingJobs = List.copyOf(startingJobs);
    stoppingJobs = List.copyOf(stoppingJobs);
  }

  @Override
  public Map<String, Object> toWire() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("fsm_statecode", fsmState.code());
    map.put("fsm_statename", fsmState.name());
    map.put("discovery_mode", discoveryMode);
    map.put("master_identifier", masterIdentifier);
    map.put("starting_jobs", startingJobs);
    map.put("stopping_jobs", stoppingJobs);
    return map;
  }
}
