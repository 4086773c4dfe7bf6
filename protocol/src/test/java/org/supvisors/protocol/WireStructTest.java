package org.supvisors.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Keys, their order and the value types of the wire forms (compat xmlrpc §4). */
class WireStructTest {

  @Test
  void instanceInfoKeysInOrderWithCappedTimes() {
    InstanceInfo info = new InstanceInfo("sv1", "localhost", 61000, InstanceState.RUNNING, 5, 1L << 40, 1795559720L,
        10, true, new StateModes(SupvisorsState.OPERATION, false, "sv1", false, true));
    assertEquals(List.of("identifier", "node_name", "port", "statecode", "statename", "sequence_counter",
        "remote_time", "local_time", "loading", "process_failure", "fsm_statecode", "fsm_statename",
        "discovery_mode", "master_identifier", "starting_jobs", "stopping_jobs"), List.copyOf(info.toWire().keySet()));
    assertEquals(Integer.MAX_VALUE, info.toWire().get("remote_time"));
    assertEquals(3, info.toWire().get("statecode"));
    assertEquals(true, info.toWire().get("stopping_jobs"));
  }

  @Test
  void processInfoKeysInOrder() {
    ProcessInfo info = new ProcessInfo("app", "p2", ProcessState.RUNNING, true, 1795559867.88, List.of("sv1"), "");
    assertEquals(List.of("application_name", "process_name", "statecode", "statename", "expected_exit",
        "last_event_time", "identifiers", "extra_args"), List.copyOf(info.toWire().keySet()));
    assertEquals("app:p2", info.namespec());
  }

  @Test
  void localProcessInfoHasNowAsADoubleAndExpectedFromSpawnerr() {
    LocalProcessInfo info = new LocalProcessInfo("wk_01", "app", ProcessState.FATAL, 10, 20, 30, 0, "Exited too quickly",
        "Exited too quickly", false, 1, 10, "", false, "wk", 1);
    assertEquals(30.0, info.toWire().get("now"));
    assertEquals(false, info.toWire().get("expected"));
    assertEquals(17, info.toWire().size());
  }

  @Test
  void supvisorsStatusAndStrategies() {
    SupvisorsStatus status = new SupvisorsStatus(SupvisorsState.OPERATION, false, "sv1", List.of(), List.of("sv2"));
    assertEquals(List.of("fsm_statecode", "fsm_statename", "discovery_mode", "master_identifier", "starting_jobs",
        "stopping_jobs"), List.copyOf(status.toWire().keySet()));
    assertEquals(List.of("auto-fencing", "starting", "conciliation"),
        List.copyOf(new Strategies(false, StartingStrategy.CONFIG, ConciliationStrategy.USER).toWire().keySet()));
  }

  @Test
  void codedLookups() {
    assertEquals(ProcessState.BACKOFF, Coded.byCode(ProcessState.class, 30).orElseThrow());
    assertEquals(StartingStrategy.LESS_LOADED_NODE, Coded.byNameIgnoreCase(StartingStrategy.class, " less_loaded_node").orElseThrow());
    assertEquals(true, Coded.byName(StartingStrategy.class, "config").isEmpty());
    assertEquals(List.of(0, 1, 2, 3, 4, 5), Coded.codes(ConciliationStrategy.class));
  }
}
