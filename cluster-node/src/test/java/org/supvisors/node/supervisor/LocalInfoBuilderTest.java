package org.supvisors.node.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.supvisors.protocol.LocalProcessInfo;
import org.supvisors.protocol.ProcessState;

class LocalInfoBuilderTest {

  private final LocalInfoBuilder builder = new LocalInfoBuilder(ZoneOffset.UTC);
  private final ProcessSetup wk1 = new ProcessSetup("wk", 1, 5, 20, List.of(0, 2));

  private static Map<String, Object> struct(int state, int exitstatus) {
    Map<String, Object> map = new HashMap<>();
    map.put("name", "wk_01");
    map.put("group", "app");
    map.put("state", state);
    map.put("start", 100);
    map.put("stop", 160);
    map.put("now", 200);
    map.put("pid", 0);
    map.put("description", "Jan 01 12:02 AM");
    map.put("spawnerr", "");
    map.put("exitstatus", exitstatus);
    return map;
  }

  @Test
  void supervisorStructIsCompletedWithTheProgramSetup() {
    LocalProcessInfo info = builder.fromSupervisor(struct(100, 2), wk1);
    assertEquals(new LocalProcessInfo("wk_01", "app", ProcessState.EXITED, 100, 160, 200, 0, "Jan 01 12:02 AM", "",
        true, 5, 20, "", false, "wk", 1), info);
    assertEquals("app:wk_01", info.namespec());
  }

  @Test
  void extraArgsAndDisabilitiesAreReadAtEachBuild() {
    Map<String, String> args = new HashMap<>(Map.of("app:wk_01", "-x 1"));
    java.util.Set<String> disabled = new java.util.HashSet<>();
    LocalInfoBuilder flagged =
        new LocalInfoBuilder(ZoneOffset.UTC, ns -> args.getOrDefault(ns, ""), disabled::contains);
    LocalProcessInfo info = flagged.fromSupervisor(struct(20, 0), wk1);
    assertEquals("-x 1", info.extraArgs());
    assertFalse(info.disabled());
    assertSame(info, flagged.withFlags(info));
    disabled.add("wk");
    args.remove("app:wk_01");
    LocalProcessInfo changed = flagged.withFlags(info);
    assertEquals("", changed.extraArgs());
    assertTrue(changed.disabled());
    Map<String, String> stopping = Map.of("processname", "wk_01", "groupname", "app", "pid", "7");
    assertTrue(flagged.fromEvent(ProcessState.STOPPING, stopping, info, wk1, 300, null).disabled());
  }

  @Test
  void anExitStatusOutsideTheExitcodesIsUnexpected() {
    assertFalse(builder.fromSupervisor(struct(100, 1), wk1).exitExpected());
    // Only an exit is judged: a stopped process with any status stays expected.
    assertTrue(builder.fromSupervisor(struct(0, 1), wk1).exitExpected());
  }

  @Test
  void withoutConfigurationOnlyAZeroExitIsExpected() {
    assertTrue(builder.fromSupervisor(struct(100, 0), ProcessSetup.unknown("wk_01")).exitExpected());
    assertFalse(builder.fromSupervisor(struct(100, 2), ProcessSetup.unknown("wk_01")).exitExpected());
  }

  @Test
  void eventsFollowSupervisorTimesPidAndDescriptionRules() {
    Map<String, String> starting = Map.of("processname", "wk_01", "groupname", "app", "from_state", "STOPPED");
    LocalProcessInfo s = builder.fromEvent(ProcessState.STARTING, starting, null, wk1, 1000, null);
    assertEquals(1000, s.start());
    assertEquals(0, s.pid());
    assertEquals("wk", s.programName());

    Map<String, String> running = Map.of("processname", "wk_01", "groupname", "app", "pid", "42");
    LocalProcessInfo r = builder.fromEvent(ProcessState.RUNNING, running, s, wk1, 1065, null);
    assertEquals(42, r.pid());
    assertEquals("pid 42, uptime 0:01:05", r.description());
    assertEquals(1000, r.start());

    Map<String, String> exited = Map.of("processname", "wk_01", "groupname", "app", "pid", "42", "expected", "0");
    LocalProcessInfo e = builder.fromEvent(ProcessState.EXITED, exited, r, wk1, 1200, null);
    assertEquals(0, e.pid());
    assertEquals(1200, e.stop());
    assertFalse(e.exitExpected());
    assertEquals("Jan 01 12:20 AM", e.description());
  }

  @Test
  void aFatalProcessWithoutSpawnErrorSaysSoAsSupervisorDoes() {
    Map<String, String> fatal = Map.of("processname", "x", "groupname", "x");
    LocalProcessInfo f = builder.fromEvent(ProcessState.FATAL, fatal, null, ProcessSetup.unknown("x"), 10, null);
    assertEquals("unknown error (try \"tail x\")", f.description());
    assertEquals("x", f.namespec());
  }

  @Test
  void aSpawnErrorReadFromSupervisordIsTheDescription() {
    Map<String, String> backoff = Map.of("processname", "x", "groupname", "x", "from_state", "STARTING");
    LocalProcessInfo b = builder.fromEvent(ProcessState.BACKOFF, backoff, null, ProcessSetup.unknown("x"), 10,
        "Exited too quickly (process log may have details)");
    assertEquals("Exited too quickly (process log may have details)", b.spawnerr());
    assertEquals(b.spawnerr(), b.description());
    // The next spawn clears it.
    LocalProcessInfo s = builder.fromEvent(ProcessState.STARTING, backoff, b, ProcessSetup.unknown("x"), 11, null);
    assertEquals("", s.spawnerr());
  }

  @Test
  void uptimeBeyondADayHasPythonsDayPrefix() {
    assertEquals("pid 1, uptime 1 day, 1:00:00",
        builder.describe(ProcessState.RUNNING, "x", 1, 0, 0, 90_000, ""));
  }
}
