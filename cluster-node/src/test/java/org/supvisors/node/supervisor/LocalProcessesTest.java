package org.supvisors.node.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.supvisors.protocol.LocalProcessInfo;
import org.supvisors.protocol.ProcessState;

class LocalProcessesTest {

  private final LocalProcesses picture = new LocalProcesses("n1", "supvisors", new LocalInfoBuilder(ZoneOffset.UTC));

  private static Map<String, Object> struct(String group, String name, int state, int pid) {
    Map<String, Object> map = new HashMap<>();
    map.put("group", group);
    map.put("name", name);
    map.put("state", state);
    map.put("pid", pid);
    map.put("start", 10);
    map.put("stop", 0);
    map.put("now", 20);
    map.put("description", "");
    map.put("spawnerr", "");
    map.put("exitstatus", 0);
    return map;
  }

  private static ProcessConfig config(String group, String name) {
    return new ProcessConfig(name, group, "sleep 9", 999, true, 2, 7, List.of(0), true);
  }

  private static SupervisorEvent event(String name, String... tokens) {
    Map<String, String> payload = new HashMap<>();
    for (int i = 0; i < tokens.length; i += 2) {
      payload.put(tokens[i], tokens[i + 1]);
    }
    return new SupervisorEvent(name, Map.of(), payload, "");
  }

  private void load() {
    picture.useConfig(List.of(config("wk", "wk_0"), config("wk", "wk_1"), config("db", "db")));
    picture.reset(picture.fromSupervisor(List.of(
        struct("wk", "wk_1", 20, 11), struct("db", "db", 20, 12), struct("wk", "wk_0", 20, 10))));
  }

  /** Supvisors does not list itself: the node's own listener is in no snapshot and no event. */
  @Test
  void theNodesOwnListenerIsNeverPartOfThePicture() {
    load();
    picture.reset(picture.fromSupervisor(List.of(struct("supvisors", "supvisors", 20, 9), struct("db", "db", 20, 12))));
    assertEquals(List.of("db"), picture.current().processes().stream().map(LocalProcessInfo::namespec).toList());
    assertTrue(picture.applyStateEvent(
        event("PROCESS_STATE_STOPPING", "processname", "supvisors", "groupname", "supvisors", "pid", "9"), 30, null)
        .isEmpty());
    assertEquals("supvisors", DriverSettings.ownNamespec(
        Map.of("SUPERVISOR_PROCESS_NAME", "supvisors", "SUPERVISOR_GROUP_NAME", "supvisors")));
    assertEquals("relay:node", DriverSettings.ownNamespec(
        Map.of("SUPERVISOR_PROCESS_NAME", "node", "SUPERVISOR_GROUP_NAME", "relay")));
    assertEquals("", DriverSettings.ownNamespec(Map.of()));
  }

  @Test
  void theSnapshotTakesTheFirstNumberInSupervisorsOrder() {
    load();
    LocalProcessEvent.Snapshot snapshot = picture.current();
    assertEquals(1, snapshot.seq());
    assertEquals(List.of("db", "wk:wk_0", "wk:wk_1"), snapshot.processes().stream().map(LocalProcessInfo::namespec).toList());
    assertEquals(1, snapshot.processes().get(2).processIndex());
    assertEquals(7, snapshot.processes().get(2).stopwaitsecs());
  }

  @Test
  void stateEventsUpdateTheRecordWithTheNextNumber() {
    load();
    LocalProcessEvent.Updated stopping = picture.applyStateEvent(
        event("PROCESS_STATE_STOPPING", "processname", "wk_1", "groupname", "wk", "pid", "11"), 30, null).orElseThrow();
    assertEquals(2, stopping.seq());
    assertEquals(11, stopping.info().pid());
    assertEquals(10, stopping.info().start());
    assertEquals("wk", stopping.info().programName());
    LocalProcessEvent.Updated stopped = picture.applyStateEvent(
        event("PROCESS_STATE_STOPPED", "processname", "wk_1", "groupname", "wk", "pid", "11"), 31, null).orElseThrow();
    assertEquals(3, stopped.seq());
    assertEquals(31, picture.get("wk:wk_1").stop());
    assertEquals(3, picture.current().seq());
    assertTrue(picture.applyStateEvent(event("PROCESS_STATE_WEIRD", "processname", "db"), 32, null).isEmpty());
  }

  @Test
  void aRemovedGroupKeepsItsLastSetupUntilItsProcessesGo() {
    load();
    // reloadConfig dropped group wk: its processes still run and keep their program.
    picture.useConfig(List.of(config("db", "db")));
    assertEquals("wk", picture.setupOf("wk:wk_1", "wk_1").programName());
    List<LocalProcessEvent> events = picture.applyGroup("wk", List.of(struct("db", "db", 20, 12)));
    assertEquals(List.of(2L, 3L), events.stream().map(LocalProcessEvent::seq).toList());
    assertEquals(Set.of("wk:wk_0", "wk:wk_1"),
        events.stream().map(e -> ((LocalProcessEvent.Removed) e).namespec()).collect(Collectors.toSet()));
    assertEquals(List.of("db"), picture.current().processes().stream().map(LocalProcessInfo::namespec).toList());
  }

  @Test
  void pollDifferencesBecomeNumberedEvents() {
    load();
    List<LocalProcessEvent> events = picture.apply(picture.differences(List.of(
        struct("db", "db", 0, 0), struct("wk", "wk_0", 20, 10), struct("wk", "wk_1", 20, 11)), true));
    assertEquals(1, events.size());
    LocalProcessEvent.Updated db = (LocalProcessEvent.Updated) events.get(0);
    assertEquals(2, db.seq());
    assertEquals(ProcessState.STOPPED, db.info().state());
    assertTrue(picture.differences(List.of(
        struct("db", "db", 0, 0), struct("wk", "wk_0", 20, 10), struct("wk", "wk_1", 20, 11)), true).isEmpty());
  }
}
