package org.supvisors.rules.placement;

import java.util.List;
import java.util.Map;

/**
 * An immutable picture of the cluster taken by the Master when it must place a start.
 *
 * @param localIdentifier the instance considered local for the LOCAL strategy
 * @param instances every known instance, in {@code supvisors_list} order
 * @param processes every known process by namespec
 * @param pending starts assigned by jobs in progress
 */
public record PlacementSnapshot(
    String localIdentifier, List<InstanceView> instances, Map<String, ProcessView> processes, List<PendingStart> pending) {

  public PlacementSnapshot {
    instances = List.copyOf(instances);
    processes = Map.copyOf(processes);
    pending = List.copyOf(pending);
  }
}
