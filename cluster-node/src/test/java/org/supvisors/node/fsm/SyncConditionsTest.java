package org.supvisors.node.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.supvisors.node.instance.Instances;
import org.supvisors.protocol.InstanceInfo;
import org.supvisors.protocol.InstanceState;
import org.supvisors.protocol.StateModes;
import org.supvisors.protocol.SynchroOption;

class SyncConditionsTest {

  private static final List<String> DECLARED = List.of("a", "b", "c");

  private static Instances.View view(InstanceState a, InstanceState b, InstanceState c) {
    Map<String, InstanceInfo> map = new LinkedHashMap<>();
    map.put("a", info("a", a));
    map.put("b", info("b", b));
    map.put("c", info("c", c));
    return new Instances.View(map);
  }

  private static InstanceInfo info(String id, InstanceState state) {
    return new InstanceInfo(id, "host", 1, state, 0, 0, 0, 0, false, StateModes.OFF);
  }

  private static SyncConditions conditions(SynchroOption... options) {
    return new SyncConditions(List.of(options), DECLARED, List.of("a", "b"), Duration.ofSeconds(15));
  }

  private static final InstanceState R = InstanceState.RUNNING;
  private static final InstanceState U = InstanceState.UNKNOWN;

  @Test
  void strictWaitsForEveryDeclaredInstance() {
    SyncConditions strict = conditions(SynchroOption.STRICT);
    assertFalse(strict.satisfied(view(R, R, U), Duration.ZERO, false));
    assertTrue(strict.satisfied(view(R, R, R), Duration.ZERO, false));
  }

  @Test
  void timeoutEndsTheSynchronizationAfterTheDelay() {
    SyncConditions timeout = conditions(SynchroOption.TIMEOUT);
    assertFalse(timeout.satisfied(view(R, U, U), Duration.ofSeconds(14), false));
    assertTrue(timeout.satisfied(view(R, U, U), Duration.ofSeconds(15), false));
    assertEquals(Duration.ofSeconds(5), timeout.nextTimeCondition(Duration.ofSeconds(10)));
  }

  @Test
  void coreNeedsOnlyTheCoreInstances() {
    SyncConditions core = conditions(SynchroOption.CORE);
    assertFalse(core.satisfied(view(R, U, U), Duration.ZERO, false));
    assertTrue(core.satisfied(view(R, R, U), Duration.ZERO, false));
  }

  @Test
  void coreWithoutCoreIdentifiersNeverHolds() {
    SyncConditions core = new SyncConditions(List.of(SynchroOption.CORE), DECLARED, List.of(), Duration.ofSeconds(15));
    assertFalse(core.satisfied(view(R, R, R), Duration.ofHours(1), false));
  }

  @Test
  void userWaitsForTheMasterToBeChosen() {
    SyncConditions user = conditions(SynchroOption.USER);
    assertFalse(user.satisfied(view(R, R, R), Duration.ofHours(1), false));
    assertTrue(user.satisfied(view(R, U, U), Duration.ZERO, true));
  }

  @Test
  void listWaitsForEveryKnownInstance() {
    SyncConditions list = conditions(SynchroOption.LIST);
    assertFalse(list.satisfied(view(R, R, InstanceState.SILENT), Duration.ZERO, false));
    assertTrue(list.satisfied(view(R, R, R), Duration.ZERO, false));
  }

  @Test
  void optionsAreOred() {
    SyncConditions all = conditions(SynchroOption.STRICT, SynchroOption.TIMEOUT, SynchroOption.CORE);
    assertTrue(all.satisfied(view(R, R, U), Duration.ZERO, false));
    assertTrue(all.satisfied(view(R, U, U), Duration.ofSeconds(20), false));
    assertFalse(all.satisfied(view(R, U, U), Duration.ofSeconds(2), false));
  }
}
