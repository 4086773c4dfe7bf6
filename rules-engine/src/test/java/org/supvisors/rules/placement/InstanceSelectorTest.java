package org.supvisors.rules.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.supvisors.protocol.StartingStrategy.CONFIG;
import static org.supvisors.protocol.StartingStrategy.LESS_LOADED;
import static org.supvisors.protocol.StartingStrategy.LESS_LOADED_NODE;
import static org.supvisors.protocol.StartingStrategy.LOCAL;
import static org.supvisors.protocol.StartingStrategy.MOST_LOADED;
import static org.supvisors.protocol.StartingStrategy.MOST_LOADED_NODE;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.supvisors.protocol.DistributionRule;
import org.supvisors.protocol.InstanceState;
import org.supvisors.protocol.ProcessState;
import org.supvisors.protocol.StartingStrategy;

/**
 * Instance choice for every strategy and distribution rule.
 *
 * <p>The base cluster: node A hosts a1 (load 30) and a2 (load 20), node B hosts b1 (40), node C
 * hosts c1 (SILENT), node D hosts d1 (10), node E hosts e1 (0) and node F hosts f1 (0). The process
 * to start, {@code app:p}, is known everywhere and enabled everywhere unless a row says otherwise.
 */
class InstanceSelectorTest {

  private static final List<String> ALL = List.of("a1", "a2", "b1", "c1", "d1");
  private static final String TARGET = "app:p";

  /** A mutable builder of snapshots, so that each table row states only its difference. */
  static final class Cluster {
    String local = "a1";
    final List<InstanceView> instances = new ArrayList<>(List.of(
        new InstanceView("a1", "A", InstanceState.RUNNING),
        new InstanceView("a2", "A", InstanceState.RUNNING),
        new InstanceView("b1", "B", InstanceState.RUNNING),
        new InstanceView("c1", "C", InstanceState.SILENT),
        new InstanceView("d1", "D", InstanceState.RUNNING),
        new InstanceView("e1", "E", InstanceState.RUNNING),
        new InstanceView("f1", "F", InstanceState.RUNNING)));
    final Map<String, ProcessView> processes = new HashMap<>();
    final List<PendingStart> pending = new ArrayList<>();

    Cluster() {
      running("load:a1", 30, "a1");
      running("load:a2", 20, "a2");
      running("load:b1", 40, "b1");
      running("load:d1", 10, "d1");
      target(Set.of("a1", "a2", "b1", "c1", "d1", "e1", "f1"), Set.of());
    }

    Cluster running(String namespec, int load, String... on) {
      processes.put(namespec, new ProcessView(namespec, ProcessState.RUNNING, load, Set.of(on), Set.of(on), Set.of()));
      return this;
    }

    Cluster target(Set<String> definedOn, Set<String> disabledOn) {
      processes.put(TARGET, new ProcessView(TARGET, ProcessState.STOPPED, 10, Set.of(), definedOn, disabledOn));
      return this;
    }

    PlacementSnapshot snapshot() {
      return new PlacementSnapshot(local, instances, processes, pending);
    }
  }

  static Stream<Arguments> processStarts() {
    UnaryOperator<Cluster> base = c -> c;
    return Stream.of(
        row("CONFIG takes the first valid", CONFIG, ALL, 10, base, "a1"),
        row("LESS_LOADED takes the least loaded instance", LESS_LOADED, ALL, 10, base, "d1"),
        row("MOST_LOADED takes the most loaded instance", MOST_LOADED, ALL, 10, base, "b1"),
        row("LESS_LOADED_NODE takes the least loaded node", LESS_LOADED_NODE, ALL, 10, base, "d1"),
        row("MOST_LOADED_NODE: node A (50), then instance load", MOST_LOADED_NODE, ALL, 10, base, "a1"),
        row("LESS_LOADED compares instances, not nodes", LESS_LOADED, List.of("a2", "b1"), 10, base, "a2"),
        row("LESS_LOADED_NODE compares nodes first", LESS_LOADED_NODE, List.of("a2", "b1"), 10, base, "b1"),
        row("LOCAL takes the local instance", LOCAL, ALL, 10, c -> { c.local = "a2"; return c; }, "a2"),
        row("LOCAL gives nothing if local is not allowed", LOCAL, List.of("b1", "d1"), 10, base, null),
        row("LOCAL gives nothing if local is not RUNNING", LOCAL, ALL, 10, c -> { c.local = "c1"; return c; }, null),
        row("node load + expected_loading must not exceed 100", CONFIG, ALL, 55, base, "b1"),
        row("exactly 100 is accepted", CONFIG, ALL, 90, base, "d1"),
        row("no node can take 91", CONFIG, ALL, 91, base, null),
        row("instances not RUNNING are skipped", CONFIG, List.of("c1", "d1"), 10, base, "d1"),
        row("only the allowed identifiers", CONFIG, List.of("d1", "b1"), 10, base, "d1"),
        row("unknown identifiers are ignored", CONFIG, List.of("zz", "b1"), 10, base, "b1"),
        row("disabled program is skipped", CONFIG, ALL, 10, c -> c.target(Set.copyOf(ALL), Set.of("a1")), "a2"),
        row("unknown program is skipped", CONFIG, ALL, 10, c -> c.target(Set.of("b1", "d1"), Set.of()), "b1"),
        row("unknown everywhere: nothing", CONFIG, ALL, 10, c -> c.target(Set.of(), Set.of()), null),
        row("already running: nothing", CONFIG, ALL, 10, c -> c.running(TARGET, 10, "e1"), null),
        row("pending starts count in the node load", LESS_LOADED, ALL, 10,
            c -> { c.pending.add(new PendingStart("x:y", "d1", 45)); return c; }, "a2"),
        row("pending starts count in validity", CONFIG, List.of("d1", "b1"), 50,
            c -> { c.pending.add(new PendingStart("x:y", "d1", 45)); return c; }, "b1"),
        row("a pending start that already runs is not counted twice", LESS_LOADED, List.of("d1", "a2"), 10,
            c -> { c.pending.add(new PendingStart("load:d1", "d1", 45)); return c; }, "d1"),
        row("LESS_LOADED tie: the first", LESS_LOADED, List.of("e1", "f1"), 10, base, "e1"),
        row("MOST_LOADED tie: the last", MOST_LOADED, List.of("e1", "f1"), 10, base, "f1"),
        row("MOST_LOADED_NODE tie: the last", MOST_LOADED_NODE, List.of("e1", "f1"), 10, base, "f1"),
        row("LESS_LOADED_NODE tie: the first", LESS_LOADED_NODE, List.of("e1", "f1"), 10, base, "e1"));
  }

  private static Arguments row(String label, StartingStrategy strategy, List<String> allowed, int load,
      UnaryOperator<Cluster> setup, String expected) {
    return Arguments.of(label, strategy, allowed, load, setup, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("processStarts")
  void choosesForAProcess(String label, StartingStrategy strategy, List<String> allowed, int load,
      UnaryOperator<Cluster> setup, String expected) {
    InstanceSelector selector = new InstanceSelector(setup.apply(new Cluster()).snapshot());
    assertEquals(Optional.ofNullable(expected), selector.chooseForProcess(strategy, allowed, TARGET, load));
  }

  @Test
  void loadsAreSummedPerNode() {
    InstanceSelector selector = new InstanceSelector(new Cluster().snapshot());
    assertEquals(30, selector.instanceLoad("a1"));
    assertEquals(50, selector.nodeLoadOf("a1"));
    assertEquals(50, selector.nodeLoadOf("a2"));
    assertEquals(0, selector.nodeLoadOf("nowhere"));
    assertEquals(List.of("a1", "a2", "b1", "d1"), selector.candidatesForProcess(ALL, TARGET, 10));
  }

  private static final List<ProcessToStart> APP = List.of(
      new ProcessToStart("app:p1", 10, 1), new ProcessToStart("app:p2", 20, 2), new ProcessToStart("app:p3", 60, 0));

  private static Cluster appCluster() {
    Cluster c = new Cluster();
    Set<String> everywhere = Set.of("a1", "a2", "b1", "c1", "d1", "e1", "f1");
    c.processes.put("app:p1", new ProcessView("app:p1", ProcessState.STOPPED, 10, Set.of(), everywhere, Set.of()));
    c.processes.put("app:p2", new ProcessView("app:p2", ProcessState.STOPPED, 20, Set.of(), everywhere, Set.of("d1")));
    c.processes.put("app:p3", new ProcessView("app:p3", ProcessState.STOPPED, 60, Set.of(), everywhere, Set.of()));
    return c;
  }

  @Test
  void allInstancesPlacesEachProcessOnItsOwn() {
    InstanceSelector selector = new InstanceSelector(appCluster().snapshot());
    assertEquals(new ApplicationPlacement.PerProcess(),
        selector.placeApplication(DistributionRule.ALL_INSTANCES, CONFIG, ALL, APP));
  }

  @Test
  void singleInstanceNeedsEveryProcessAndTheSequencedLoad() {
    InstanceSelector selector = new InstanceSelector(appCluster().snapshot());
    List<String> allowed = List.of("a1", "a2", "b1", "d1");
    // p2 is disabled on d1; the load is 30 (p3 is not sequenced): A (50) and B (40) can take it.
    assertEquals(new ApplicationPlacement.Restricted(List.of("a1")),
        selector.placeApplication(DistributionRule.SINGLE_INSTANCE, CONFIG, allowed, APP));
    assertEquals(new ApplicationPlacement.Restricted(List.of("b1")),
        selector.placeApplication(DistributionRule.SINGLE_INSTANCE, MOST_LOADED, allowed, APP));
    assertEquals(new ApplicationPlacement.Restricted(List.of("a2")),
        selector.placeApplication(DistributionRule.SINGLE_INSTANCE, LESS_LOADED, allowed, APP));
    List<ProcessToStart> heavy = List.of(new ProcessToStart("app:p1", 10, 1), new ProcessToStart("app:p3", 85, 1));
    assertEquals(new ApplicationPlacement.NoResource("no resource available"),
        selector.placeApplication(DistributionRule.SINGLE_INSTANCE, CONFIG, allowed, heavy));
  }

  @Test
  void singleNodeAcceptsProcessesSpreadOverTheInstancesOfANode() {
    Cluster c = new Cluster();
    c.processes.put("app:p1", new ProcessView("app:p1", ProcessState.STOPPED, 5, Set.of(), Set.of("a1", "b1"), Set.of()));
    c.processes.put("app:p2", new ProcessView("app:p2", ProcessState.STOPPED, 5, Set.of(), Set.of("a2"), Set.of()));
    List<ProcessToStart> app = List.of(new ProcessToStart("app:p1", 5, 1), new ProcessToStart("app:p2", 5, 1));
    InstanceSelector selector = new InstanceSelector(c.snapshot());
    assertEquals(new ApplicationPlacement.Restricted(List.of("a1", "a2")),
        selector.placeApplication(DistributionRule.SINGLE_NODE, LESS_LOADED, List.of("b1", "a1", "a2"), app));
    // SINGLE_INSTANCE cannot: no instance has both.
    assertEquals(new ApplicationPlacement.NoResource("no resource available"),
        selector.placeApplication(DistributionRule.SINGLE_INSTANCE, LESS_LOADED, List.of("b1", "a1", "a2"), app));
    // Each process is then placed inside the node.
    assertEquals(Optional.of("a2"), selector.chooseForProcess(CONFIG, List.of("a1", "a2"), "app:p2", 5));
  }

  @Test
  void withPendingReservesLoadLikeASnapshotWould() {
    Cluster c = new Cluster();
    InstanceSelector incremental = new InstanceSelector(c.snapshot()).withPending(new PendingStart("x:y", "d1", 45));
    c.pending.add(new PendingStart("x:y", "d1", 45));
    InstanceSelector rebuilt = new InstanceSelector(c.snapshot());
    for (String id : ALL) {
      assertEquals(rebuilt.nodeLoadOf(id), incremental.nodeLoadOf(id), id);
      assertEquals(rebuilt.instanceLoad(id), incremental.instanceLoad(id), id);
    }
    assertEquals(Optional.of("a2"), incremental.chooseForProcess(LESS_LOADED, ALL, TARGET, 10));
  }
}
