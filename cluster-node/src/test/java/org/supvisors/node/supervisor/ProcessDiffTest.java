package org.supvisors.node.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.supvisors.protocol.LocalProcessInfo;
import org.supvisors.protocol.ProcessState;

class ProcessDiffTest {

  private static LocalProcessInfo info(String name, ProcessState state, int pid, long start, long now) {
    return new LocalProcessInfo(name, "g", state, start, 0, now, pid, "desc " + now, "", true, 1, 10, "", false,
        name, 0);
  }

  private static Map<String, LocalProcessInfo> map(LocalProcessInfo... infos) {
    Map<String, LocalProcessInfo> map = new LinkedHashMap<>();
    for (LocalProcessInfo info : infos) {
      map.put(info.namespec(), info);
    }
    return map;
  }

  @Test
  void newChangedAndGoneProcessesAreFoundInOrder() {
    LocalProcessInfo a = info("a", ProcessState.RUNNING, 1, 10, 100);
    LocalProcessInfo b = info("b", ProcessState.RUNNING, 2, 10, 100);
    LocalProcessInfo bStopped = info("b", ProcessState.STOPPED, 0, 10, 101);
    LocalProcessInfo c = info("c", ProcessState.STARTING, 0, 100, 101);
    List<ProcessDiff.Change> changes = ProcessDiff.between(map(a, b), map(bStopped, c), true);
    assertEquals(List.of(new ProcessDiff.Changed(bStopped), new ProcessDiff.Changed(c), new ProcessDiff.Gone("g:a")),
        changes);
  }

  @Test
  void nowAndDescriptionAloneAreNoDifference() {
    assertEquals(List.of(), ProcessDiff.between(
        map(info("a", ProcessState.RUNNING, 1, 10, 100)), map(info("a", ProcessState.RUNNING, 1, 10, 160)), true));
  }

  @Test
  void timesCountOnlyWhenAsked() {
    // A process that exited, restarted and exited again between two polls differs by its start only.
    Map<String, LocalProcessInfo> before = map(info("a", ProcessState.EXITED, 0, 10, 100));
    Map<String, LocalProcessInfo> after = map(info("a", ProcessState.EXITED, 0, 50, 100));
    assertEquals(1, ProcessDiff.between(before, after, true).size());
    assertEquals(0, ProcessDiff.between(before, after, false).size());
  }
}
