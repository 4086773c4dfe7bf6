package org.supvisors.rules.placement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.supvisors.protocol.DistributionRule;
import org.supvisors.protocol.InstanceState;
import org.supvisors.protocol.StartingStrategy;

/**
 * Chooses the instance where a process or an application starts, following the manual's section
 * 8.4: among the allowed instances (rules order), keep those that are RUNNING, know the program,
 * have it enabled, and whose node can take the expected load (node load, plus loads already
 * promised to pending starts, plus the new load, at most 100); then apply the starting strategy.
 *
 * <p>Loads are computed once from the snapshot, so a selector answers many questions cheaply. It is
 * immutable: after a choice, the caller adds a {@link PendingStart} to the next snapshot.
 */
public final class InstanceSelector {

  /** A node is full at 100 percent of expected loading. */
  public static final int FULL_LOAD = 100;

  private final PlacementSnapshot snapshot;
  private final Map<String, InstanceView> instances = new HashMap<>();
  private final Map<String, Integer> instanceLoad = new HashMap<>();
  private final Map<String, Integer> nodeLoad = new HashMap<>();

  public InstanceSelector(PlacementSnapshot snapshot) {
    this.snapshot = snapshot;
    snapshot.instances().forEach(i -> instances.put(i.identifier(), i));
    for (ProcessView process : snapshot.processes().values()) {
      if (process.running()) {
        process.runningOn().forEach(id -> add(id, process.expectedLoading()));
      }
    }
    for (PendingStart pending : snapshot.pending()) {
      ProcessView process = snapshot.processes().get(pending.namespec());
      // Once the process runs, its load is already counted above.
      if (process == null || !process.running()) {
        add(pending.identifier(), pending.expectedLoading());
      }
    }
  }

  private InstanceSelector(InstanceSelector base, PendingStart pending) {
    this.snapshot = base.snapshot;
    this.instances.putAll(base.instances);
    this.instanceLoad.putAll(base.instanceLoad);
    this.nodeLoad.putAll(base.nodeLoad);
    add(pending.identifier(), pending.expectedLoading());
  }

  /**
   * This selector with one more start assigned: cheaper than a new snapshot when the Master places
   * many starts in a row (the process is assumed not running yet).
   */
  public InstanceSelector withPending(PendingStart pending) {
    return new InstanceSelector(this, pending);
  }

  private void add(String identifier, int load) {
    instanceLoad.merge(identifier, load, Integer::sum);
    InstanceView instance = instances.get(identifier);
    if (instance != null) {
      nodeLoad.merge(instance.node(), load, Integer::sum);
    }
  }

  /** Load of an instance: its running processes plus its pending starts. */
  public int instanceLoad(String identifier) {
    return instanceLoad.getOrDefault(identifier, 0);
  }

  /** Load of the node of an instance: the sum over every instance of the node. */
  public int nodeLoadOf(String identifier) {
    InstanceView instance = instances.get(identifier);
    return instance == null ? 0 : nodeLoad.getOrDefault(instance.node(), 0);
  }

  /**
   * The instances where a process may start now, in the order of {@code allowed}; empty if it is
   * already running or unknown.
   *
   * @param allowed instance identifiers from its rules, already filtered by the instance directory
   */
  public List<String> candidatesForProcess(List<String> allowed, String namespec, int expectedLoading) {
    ProcessView process = snapshot.processes().get(namespec);
    if (process == null || process.running()) {
      return List.of();
    }
    return valid(allowed, process::startableOn, expectedLoading);
  }

  /** The instance chosen for a process start, if any can take it. */
  public Optional<String> chooseForProcess(
      StartingStrategy strategy, List<String> allowed, String namespec, int expectedLoading) {
    return choose(strategy, candidatesForProcess(allowed, namespec, expectedLoading));
  }

  /**
   * Where the processes of an application starting as a whole may go.
   *
   * @param allowed the application's identifiers, already filtered (ignored for ALL_INSTANCES)
   * @param processes every process of the application; all must be startable on the chosen
   *     instance (or node), and those with a positive start sequence make up the application load
   */
  public ApplicationPlacement placeApplication(
      DistributionRule distribution, StartingStrategy strategy, List<String> allowed, List<ProcessToStart> processes) {
    if (distribution == DistributionRule.ALL_INSTANCES) {
      return new ApplicationPlacement.PerProcess();
    }
    int load = processes.stream().filter(p -> p.startSequence() > 0).mapToInt(ProcessToStart::expectedLoading).sum();
    Predicate<String> fits = distribution == DistributionRule.SINGLE_INSTANCE
        ? id -> processes.stream().allMatch(p -> startableOn(p.namespec(), id))
        : nodeHostsAll(allowed, processes);
    Optional<String> chosen = choose(strategy, valid(allowed, fits, load));
    if (chosen.isEmpty()) {
      return new ApplicationPlacement.NoResource("no resource available");
    }
    if (distribution == DistributionRule.SINGLE_INSTANCE) {
      return new ApplicationPlacement.Restricted(List.of(chosen.get()));
    }
    String node = instances.get(chosen.get()).node();
    return new ApplicationPlacement.Restricted(
        allowed.stream().filter(id -> isRunning(id) && instances.get(id).node().equals(node)).toList());
  }

  /** For SINGLE_NODE: a node qualifies if each process is startable on one of its allowed instances. */
  private Predicate<String> nodeHostsAll(List<String> allowed, List<ProcessToStart> processes) {
    Map<String, List<String>> byNode = new HashMap<>();
    for (String id : new LinkedHashSet<>(allowed)) {
      if (isRunning(id)) {
        byNode.computeIfAbsent(instances.get(id).node(), k -> new ArrayList<>()).add(id);
      }
    }
    Map<String, Boolean> verdict = new HashMap<>();
    byNode.forEach((node, ids) -> verdict.put(node,
        processes.stream().allMatch(p -> ids.stream().anyMatch(id -> startableOn(p.namespec(), id)))));
    return id -> verdict.getOrDefault(instances.get(id).node(), false);
  }

  private boolean startableOn(String namespec, String identifier) {
    ProcessView process = snapshot.processes().get(namespec);
    return process != null && process.startableOn(identifier);
  }

  private boolean isRunning(String identifier) {
    InstanceView instance = instances.get(identifier);
    return instance != null && instance.state() == InstanceState.RUNNING;
  }

  private List<String> valid(List<String> allowed, Predicate<String> fits, int expectedLoading) {
    List<String> result = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (String id : allowed) {
      if (seen.add(id) && isRunning(id) && fits.test(id) && nodeLoadOf(id) + expectedLoading <= FULL_LOAD) {
        result.add(id);
      }
    }
    return result;
  }

  /** Applies a starting strategy to valid candidates given in rules order. */
  Optional<String> choose(StartingStrategy strategy, List<String> candidates) {
    if (candidates.isEmpty()) {
      return Optional.empty();
    }
    return switch (strategy) {
      case CONFIG -> Optional.of(candidates.get(0));
      case LOCAL -> candidates.contains(snapshot.localIdentifier())
          ? Optional.of(snapshot.localIdentifier()) : Optional.empty();
      case LESS_LOADED -> Optional.of(extreme(candidates, false, false));
      case MOST_LOADED -> Optional.of(extreme(candidates, true, false));
      case LESS_LOADED_NODE -> Optional.of(extreme(candidates, false, true));
      case MOST_LOADED_NODE -> Optional.of(extreme(candidates, true, true));
    };
  }

  /**
   * The least (or most) loaded candidate, comparing instance load then node load (or the reverse
   * for the NODE variants). Ties go to the first candidate when looking for the least loaded and
   * to the last one when looking for the most loaded, as in Supvisors.
   */
  private String extreme(List<String> candidates, boolean most, boolean nodeFirst) {
    String best = null;
    for (String id : candidates) {
      if (best == null) {
        best = id;
        continue;
      }
      int order = compareLoads(id, best, nodeFirst);
      if (most ? order >= 0 : order < 0) {
        best = id;
      }
    }
    return best;
  }

  private int compareLoads(String a, String b, boolean nodeFirst) {
    int byInstance = Integer.compare(instanceLoad(a), instanceLoad(b));
    int byNode = Integer.compare(nodeLoadOf(a), nodeLoadOf(b));
    int first = nodeFirst ? byNode : byInstance;
    return first != 0 ? first : nodeFirst ? byInstance : byNode;
  }
}
