package org.supvisors.node.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigIndexTest {

  private static ProcessConfig config(String group, String name, String command) {
    return new ProcessConfig(name, group, command, 999, true, 1, 10, List.of(0), true);
  }

  private static ProcessSetup setup(ConfigIndex index, String namespec) {
    return index.find(namespec).orElseThrow();
  }

  @Test
  void aPlainProgramIsNamedAfterItsProcess() {
    ConfigIndex index = new ConfigIndex(List.of(config("web", "web", "nginx")));
    assertEquals(new ProcessSetup("web", 0, 1, 10, List.of(0)), setup(index, "web"));
  }

  @Test
  void numberedProcessesOfOneProgramAreRankedByTheirNumberNotTheirName() {
    ConfigIndex index = new ConfigIndex(List.of(
        config("app", "wk_10", "worker --id 10"), config("app", "wk_9", "worker --id 9"),
        config("app", "db", "postgres")));
    assertEquals("wk", setup(index, "app:wk_9").programName());
    assertEquals(0, setup(index, "app:wk_9").processIndex());
    assertEquals(1, setup(index, "app:wk_10").processIndex());
    assertEquals("db", setup(index, "app:db").programName());
  }

  @Test
  void processesNamedOnlyByTheirNumberTakeTheGroupName() {
    ConfigIndex index = new ConfigIndex(List.of(config("pool", "0", "sleep 1"), config("pool", "1", "sleep 1")));
    assertEquals("pool", setup(index, "pool:1").programName());
    assertEquals(1, setup(index, "pool:1").processIndex());
  }

  @Test
  void alikeNamesOfDifferentProgramsAreNotMerged() {
    ConfigIndex index = new ConfigIndex(List.of(config("g", "web1", "nginx"), config("g", "web2", "apache")));
    assertEquals("web1", setup(index, "g:web1").programName());
    assertEquals(0, setup(index, "g:web2").processIndex());
  }

  @Test
  void aLoneNumberedProcessIsItsOwnProgram() {
    ConfigIndex index = new ConfigIndex(List.of(config("g", "worker1", "w")));
    assertEquals(new ProcessSetup("worker1", 0, 1, 10, List.of(0)), setup(index, "g:worker1"));
    assertFalse(index.knows("g:worker2"));
  }

  @Test
  void stemDropsTheNumberAndOneSeparator() {
    assertEquals("wk", ConfigIndex.stem("wk_01"));
    assertEquals("a-b", ConfigIndex.stem("a-b-2"));
    assertEquals("x", ConfigIndex.stem("x"));
  }
}
