package org.supvisors.node.master.commander;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.supvisors.node.context.ProcessStatus;
import org.supvisors.protocol.ProcessState;

/**
 * The processes that a downed node stops: exactly those that the Master fails over when it loses the instance. The
 * node of b sees the process model; a and c are the others.
 */
class LostInstanceFailoverTest {

  private static final String RULES = """
      <root>
        <application name="app">
          <start_sequence>1</start_sequence>
          <programs>
            <program name="restarted">
              <start_sequence>1</start_sequence><running_failure_strategy>RESTART_PROCESS</running_failure_strategy>
            </program>
            <program name="unsequenced">
              <running_failure_strategy>RESTART_PROCESS</running_failure_strategy>
            </program>
            <program name="continued">
              <start_sequence>1</start_sequence><running_failure_strategy>CONTINUE</running_failure_strategy>
            </program>
            <program name="whole">
              <start_sequence>2</start_sequence><running_failure_strategy>RESTART_APPLICATION</running_failure_strategy>
            </program>
            <program name="elsewhere">
              <start_sequence>1</start_sequence><running_failure_strategy>RESTART_PROCESS</running_failure_strategy>
            </program>
            <program name="stopped">
              <start_sequence>1</start_sequence><running_failure_strategy>RESTART_PROCESS</running_failure_strategy>
            </program>
            <program name="conflicting">
              <start_sequence>1</start_sequence><running_failure_strategy>RESTART_PROCESS</running_failure_strategy>
            </program>
          </programs>
        </application>
        <application name="sys">
          <programs>
            <program name="reboot">
              <running_failure_strategy>RESTART</running_failure_strategy>
            </program>
            <program name="halt">
              <running_failure_strategy>SHUTDOWN</running_failure_strategy>
            </program>
            <program name="stopper">
              <running_failure_strategy>STOP_APPLICATION</running_failure_strategy>
            </program>
          </programs>
        </application>
      </root>
      """;

  private static final List<String> ON_B = List.of("app:restarted", "app:unsequenced", "app:continued", "app:whole",
      "app:stopped", "sys:reboot", "sys:halt", "sys:stopper");

  private Fixture cluster() {
    Fixture f = new Fixture(RULES, "b", "a", "c");
    for (String namespec : ON_B) {
      f.process(namespec, "a", "b", "c");
    }
    f.process("app:elsewhere", "a", "b", "c");
    f.process("app:conflicting", "a", "b", "c");
    for (String namespec : ON_B) {
      if (!namespec.equals("app:stopped")) {
        f.running(namespec, "b", 100);
      }
    }
    f.running("app:elsewhere", "a", 100);
    f.running("app:conflicting", "a", 100);
    f.running("app:conflicting", "b", 50);
    return f;
  }

  @Test
  void theProcessesRestartedOrStoppedByTheMasterAreTheOnesStopped() {
    Fixture f = cluster();
    List<String> stopped = LostInstanceFailover.failedOver("b", f.model.processes(), f.model.rules()).stream()
        .map(ProcessStatus::namespec).toList();
    // CONTINUE is only logged, RESTART and SHUTDOWN are not applied to an instance loss, a process that also runs
    // elsewhere is not restarted, and what does not run on b is not b's to stop.
    assertEquals(List.of("app:restarted", "app:unsequenced", "app:whole", "sys:stopper"), stopped);
  }

  @Test
  void theSelectionIsTheCommandersOwnDecision() {
    // The Master's commander, given the loss of b, plans a failover for exactly the selected processes.
    Fixture f = cluster();
    List<String> selected = LostInstanceFailover.failedOver("b", f.model.processes(), f.model.rules()).stream()
        .map(ProcessStatus::namespec).toList();
    for (String namespec : List.copyOf(f.model.processes().keySet())) {
      Fixture master = cluster();
      ProcessStatus before = master.status(namespec);
      ProcessStatus after = master.lose(namespec, "b");
      Jobs jobs = master.commander.onProcessChange(Jobs.EMPTY, before, after, true);
      boolean actedUpon = jobs.failures().stream().anyMatch(failure -> failure.namespec().equals(namespec)
          && failure.strategy() != org.supvisors.protocol.RunningFailureStrategy.CONTINUE);
      assertEquals(selected.contains(namespec), actedUpon, namespec);
    }
  }

  @Test
  void nothingRunsThereNothingIsStopped() {
    Fixture f = cluster();
    f.report("app:restarted", "b", ProcessState.STOPPED);
    assertTrue(LostInstanceFailover.failedOver("a", f.model.processes(), f.model.rules()).stream()
        .noneMatch(status -> status.namespec().equals("app:restarted")));
    assertTrue(LostInstanceFailover.failedOver("b", f.model.processes(), f.model.rules()).stream()
        .noneMatch(status -> status.namespec().equals("app:restarted")));
  }
}
