package org.supvisors.node.master.commander;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.supvisors.node.master.commander.Fixture.startOn;
import static org.supvisors.node.master.commander.Fixture.stopOn;
import static org.supvisors.protocol.ProcessState.EXITED;
import static org.supvisors.protocol.ProcessState.FATAL;
import static org.supvisors.protocol.ProcessState.RUNNING;
import static org.supvisors.protocol.ProcessState.STARTING;
import static org.supvisors.protocol.ProcessState.STOPPED;
import static org.supvisors.protocol.ProcessState.STOPPING;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.supvisors.node.context.ProcessStatus;
import org.supvisors.protocol.ConciliationStrategy;
import org.supvisors.protocol.InstanceState;
import org.supvisors.protocol.StartingStrategy;

/**
 * The commander's own plans (manual sections 8.4 to 8.8): restarts, processes joining a start,
 * the global stop, running failures (compat behaviour §10), conciliation (§9) and deployment (§11).
 */
class CommanderTest {

  // ---------------------------------------------------------------- restarts, merges, global stop

  private static final String TWO_APPS = """
      <root>
        <application name="early">
          <start_sequence>1</start_sequence><stop_sequence>1</stop_sequence>
          <programs>
            <program name="p1"><start_sequence>1</start_sequence></program>
            <program name="p2"><start_sequence>2</start_sequence></program>
            <program name="manual"><start_sequence>0</start_sequence></program>
          </programs>
        </application>
        <application name="late">
          <start_sequence>2</start_sequence><stop_sequence>2</stop_sequence>
          <programs><program name="q"><start_sequence>1</start_sequence></program></programs>
        </application>
      </root>""";

  private static Fixture twoApps() {
    return new Fixture(TWO_APPS, "a", "b")
        .process("early:p1", "a", "b")
        .process("early:p2", "a", "b")
        .process("early:manual", "a", "b")
        .process("late:q", "a", "b");
  }

  @Test
  void aRestartStartsOnlyOnceTheStopIsDone() {
    Fixture f = twoApps();
    f.running("early:p1", "b", 10);
    f.jobs = f.commander.restartApplication(f.jobs, "early", StartingStrategy.CONFIG, f.origin());
    assertEquals(List.of(stopOn("early:p1", "b")), f.step());
    f.report("early:p1", "b", STOPPING);
    assertEquals(List.of(), f.step());
    assertFalse(f.jobs.startingBusy(), "the start waits in the stop job");
    f.report("early:p1", "b", STOPPED);
    assertEquals(List.of(startOn("early:p1", "a")), f.step());
    assertFalse(f.jobs.stoppingBusy());
  }

  @Test
  void aRestartOfAStoppedApplicationStartsIt() {
    Fixture f = twoApps();
    f.jobs = f.commander.restartApplication(f.jobs, "early", StartingStrategy.CONFIG, f.origin());
    assertEquals(List.of(startOn("early:p1", "a")), f.step());
  }

  @Test
  void aProcessRestartStopsThenStartsWithItsExtraArguments() {
    Fixture f = twoApps();
    f.running("early:manual", "a", 10);
    f.jobs = f.commander.restartProcesses(f.jobs, List.of(f.status("early:manual")), StartingStrategy.LESS_LOADED,
        "-v", f.origin());
    assertEquals(List.of(stopOn("early:manual", "a")), f.step());
    f.report("early:manual", "a", STOPPED);
    assertEquals(List.of(new Effect.StartOn("early:manual", "a", "-v")), f.step());
  }

  @Test
  void startedProcessesJoinTheStartOfTheirApplication() {
    Fixture f = twoApps();
    f.jobs = f.commander.startApplication(f.jobs, "early", StartingStrategy.CONFIG, f.origin());
    assertEquals(List.of(startOn("early:p1", "a")), f.step());
    long id = f.jobs.starting().get(0).id();
    f.jobs = f.commander.startProcesses(f.jobs, List.of(f.status("early:manual")), StartingStrategy.CONFIG, "-x",
        f.origin());
    assertEquals(List.of(new Effect.StartOn("early:manual", "a", "-x")), f.step());
    assertEquals(1, f.jobs.starting().size());
    assertEquals(id, f.jobs.starting().get(0).id(), "merged into the job in progress");
    f.report("early:p1", "a", STARTING);
    f.report("early:p1", "a", RUNNING);
    assertEquals(List.of(), f.step(), "manual is part of the current stage now");
    f.report("early:manual", "a", STARTING);
    f.report("early:manual", "a", RUNNING);
    assertEquals(List.of(startOn("early:p2", "a")), f.step());
    assertEquals("-x", f.jobs.extraArgs().get("early:manual"), "kept for later starts");
  }

  @Test
  void theStartAfterAProcessRestartJoinsAStartPlannedMeanwhile() {
    Fixture f = twoApps().process("late:r", "a", "b");
    f.running("late:q", "b", 10);
    f.jobs = f.commander.startApplication(f.jobs, "early", StartingStrategy.CONFIG, f.origin());
    f.jobs = f.commander.restartProcesses(f.jobs, List.of(f.status("late:q")), StartingStrategy.CONFIG, "",
        f.origin());
    f.jobs = f.commander.startProcesses(f.jobs, List.of(f.status("late:r")), StartingStrategy.CONFIG, "",
        f.origin());
    assertEquals(List.of(startOn("early:p1", "a"), stopOn("late:q", "b")), f.step());
    f.report("late:q", "b", STOPPED);
    assertEquals(List.of(), f.step(), "late waits for early");
    f.report("early:p1", "a", RUNNING);
    assertEquals(List.of(startOn("early:p2", "a")), f.step());
    f.report("early:p2", "a", RUNNING);
    assertEquals(Set.of(startOn("late:q", "a"), startOn("late:r", "a")), Set.copyOf(f.step()),
        "neither start is lost");
  }

  @Test
  void runningProcessesAreNotStartedAgain() {
    Fixture f = twoApps();
    f.running("early:manual", "b", 10);
    Jobs before = f.jobs;
    f.jobs = f.commander.startProcesses(f.jobs, List.of(f.status("early:manual")), StartingStrategy.CONFIG, "",
        f.origin());
    assertEquals(before, f.jobs);
  }

  @Test
  void applicationStartsFollowTheirStartSequence() {
    Fixture f = twoApps();
    f.jobs = f.commander.startApplication(f.jobs, "late", StartingStrategy.CONFIG, f.origin());
    f.jobs = f.commander.startApplication(f.jobs, "early", StartingStrategy.CONFIG, f.origin());
    assertEquals(List.of(startOn("early:p1", "a")), f.step());
    f.report("early:p1", "a", RUNNING);
    assertEquals(List.of(startOn("early:p2", "a")), f.step());
    f.report("early:p2", "a", RUNNING);
    assertEquals(List.of(startOn("late:q", "a")), f.step());
  }

  @Test
  void stopAllDropsEveryJobThenStopsByTheGlobalStopSequence() {
    Fixture f = twoApps();
    f.running("early:p1", "a", 10);
    f.running("early:manual", "b", 10);
    f.running("late:q", "b", 10);
    f.jobs = f.commander.startApplication(f.jobs, "early", StartingStrategy.CONFIG, f.origin());
    f.jobs = f.commander.stopAll(f.jobs, f.origin());
    assertEquals(List.of(stopOn("late:q", "b")), f.step(), "greatest stop_sequence first");
    f.report("late:q", "b", STOPPED);
    assertEquals(List.of(stopOn("early:p1", "a")), f.step(), "stop_sequence defaults to start_sequence");
    f.report("early:p1", "a", STOPPED);
    assertEquals(List.of(stopOn("early:manual", "b")), f.step());
    f.report("early:manual", "b", STOPPED);
    assertEquals(List.of(), f.step());
    assertTrue(f.idle(), "the start was dropped");
  }

  // ---------------------------------------------------------------- running failures (§10)

  /** Application {@code app}: {@code crash} with the strategy, {@code other} (CONTINUE), both sequenced. */
  private static Fixture failing(String strategy, int crashSequence) {
    return new Fixture("""
        <root>
          <application name="app">
            <start_sequence>1</start_sequence>
            <programs>
              <program name="crash">
                <start_sequence>%d</start_sequence><running_failure_strategy>%s</running_failure_strategy>
              </program>
              <program name="other"><start_sequence>1</start_sequence></program>
              <program name="extra"><start_sequence>0</start_sequence></program>
            </programs>
          </application>
        </root>""".formatted(crashSequence, strategy), "a", "b")
        .process("app:crash", "a", "b")
        .process("app:other", "a", "b")
        .process("app:extra", "a", "b");
  }

  private static Fixture failing(String strategy) {
    Fixture f = failing(strategy, 1);
    f.running("app:crash", "b", 10);
    f.running("app:other", "a", 10);
    return f;
  }

  private static List<Effect> crash(Fixture f, boolean working) {
    ProcessStatus before = f.status("app:crash");
    return f.changed(before, f.report("app:crash", "b", FATAL), working);
  }

  /** Instance b is lost: it leaves the view, and what ran there turns FATAL. */
  private static List<Effect> loseB(Fixture f, boolean working) {
    f.instance("b", InstanceState.SILENT);
    ProcessStatus before = f.status("app:crash");
    return f.changed(before, f.lose("app:crash", "b"), working);
  }

  @Test
  void aCrashWithRestartOrShutdownTerminatesSupvisorsInAnyState() {
    assertEquals(List.of(new Effect.Terminate(true)), crash(failing("RESTART"), true));
    assertEquals(List.of(new Effect.Terminate(true)), crash(failing("RESTART"), false));
    assertEquals(List.of(new Effect.Terminate(false)), crash(failing("SHUTDOWN"), true));
  }

  @Test
  void aCrashWithStopApplicationStopsIt() {
    Fixture f = failing("STOP_APPLICATION");
    assertEquals(List.of(stopOn("app:other", "a")), crash(f, true));
    assertEquals(List.of(), f.jobs.failures());
  }

  @Test
  void anUnexpectedExitIsACrashAndAnExpectedOneIsNot() {
    Fixture f = failing("STOP_APPLICATION");
    ProcessStatus before = f.status("app:crash");
    assertEquals(List.of(), f.changed(before, f.report("app:crash", "b", EXITED, true), true));
    Fixture g = failing("STOP_APPLICATION");
    before = g.status("app:crash");
    assertEquals(List.of(stopOn("app:other", "a")), g.changed(before, g.report("app:crash", "b", EXITED, false), true));
  }

  @Test
  void aCrashWithRestartApplicationRestartsIt() {
    Fixture f = failing("RESTART_APPLICATION");
    assertEquals(List.of(stopOn("app:other", "a")), crash(f, true));
    f.report("app:other", "a", STOPPED);
    assertEquals(List.of(startOn("app:crash", "a"), startOn("app:other", "a")), f.step());
  }

  @Test
  void aCrashWithContinueOrRestartProcessIsLeftToSupervisor() {
    for (String strategy : List.of("CONTINUE", "RESTART_PROCESS")) {
      Fixture f = failing(strategy);
      assertEquals(List.of(), crash(f, true), strategy);
      assertEquals(Jobs.EMPTY, f.jobs, strategy);
    }
  }

  @Test
  void aLostInstanceRestartsTheProcessElsewhere() {
    Fixture f = failing("RESTART_PROCESS");
    assertEquals(List.of(startOn("app:crash", "a")), loseB(f, true));
    f.report("app:crash", "a", STARTING);
    f.report("app:crash", "a", RUNNING);
    f.step();
    assertTrue(f.idle());
  }

  @Test
  void aLostInstanceOutsideTheWorkingStatesChangesNothing() {
    Fixture f = failing("RESTART_PROCESS");
    assertEquals(List.of(), loseB(f, false));
    assertEquals(Jobs.EMPTY, f.jobs);
  }

  @Test
  void aLostInstanceNeverRestartsNorShutsDownSupvisors() {
    for (String strategy : List.of("RESTART", "SHUTDOWN")) {
      Fixture f = failing(strategy);
      assertEquals(List.of(), loseB(f, true), strategy);
      assertEquals(Jobs.EMPTY, f.jobs, strategy);
    }
  }

  @Test
  void aLostInstanceWithStopApplicationStopsWhatRemains() {
    Fixture f = failing("STOP_APPLICATION");
    assertEquals(List.of(stopOn("app:other", "a")), loseB(f, true));
  }

  @Test
  void aProcessStillRunningElsewhereIsNoFailure() {
    Fixture f = failing("RESTART_PROCESS");
    f.running("app:crash", "a", 5);
    assertEquals(List.of(), loseB(f, true));
    assertEquals(Jobs.EMPTY, f.jobs);
  }

  @Test
  void theFailuresOfABusyApplicationWaitForItsJobs() {
    Fixture f = failing("STOP_APPLICATION");
    f.jobs = f.commander.startProcesses(f.jobs, List.of(f.status("app:extra")), StartingStrategy.CONFIG, "",
        f.origin());
    assertEquals(List.of(startOn("app:extra", "a")), f.step());
    assertEquals(List.of(), crash(f, true), "deferred: the application has a start job");
    assertEquals(1, f.jobs.failures().size());
    f.report("app:extra", "a", STARTING);
    f.report("app:extra", "a", RUNNING);
    assertEquals(List.of(), f.step(), "the start job ends in this step");
    assertEquals(List.of(stopOn("app:other", "a")), f.step());
    assertEquals(List.of(), f.jobs.failures());
    f.report("app:other", "a", STOPPED);
    assertEquals(List.of(stopOn("app:extra", "a")), f.step());
  }

  @Test
  void restartProcessOfAStoppedApplicationRestartsTheApplication() {
    Fixture f = failing("RESTART_PROCESS", 1);
    f.running("app:crash", "b", 10);
    assertEquals(List.of(startOn("app:crash", "a"), startOn("app:other", "a")), loseB(f, true),
        "nothing of the application runs: the whole start sequence starts");
  }

  @Test
  void restartProcessOutsideTheStartSequenceIsNotPromoted() {
    Fixture f = failing("RESTART_PROCESS", 0);
    f.running("app:crash", "b", 10);
    assertEquals(List.of(startOn("app:crash", "a")), loseB(f, true));
  }

  // ---------------------------------------------------------------- conciliation (§9)

  /** Process {@code app:p} running on a (for 100 s), b (10 s) and c (50 s); {@code free:p} too. */
  private static Fixture conflict(String runningFailureStrategy) {
    Fixture f = new Fixture("""
        <root>
          <application name="app">
            <programs>
              <program name="p">
                <start_sequence>1</start_sequence><running_failure_strategy>%s</running_failure_strategy>
              </program>
            </programs>
          </application>
        </root>""".formatted(runningFailureStrategy), "a", "b", "c")
        .process("app:p", "a", "b", "c")
        .process("free:p", "a", "b");
    f.running("app:p", "a", 100);
    f.running("app:p", "b", 10);
    f.running("app:p", "c", 50);
    f.running("free:p", "a", 10);
    f.running("free:p", "b", 20);
    return f;
  }

  private static List<Effect> conciliate(Fixture f, ConciliationStrategy strategy) {
    f.jobs = f.commander.conciliate(f.jobs, strategy, f.origin());
    return f.step();
  }

  @Test
  void onlyManagedApplicationsHaveConflicts() {
    assertEquals(List.of("app:p"), conflict("CONTINUE").commander.conflicts().stream().map(c -> c.namespec()).toList());
  }

  @Test
  void senicideKeepsTheYoungest() {
    assertEquals(List.of(stopOn("app:p", "a"), stopOn("app:p", "c")),
        conciliate(conflict("CONTINUE"), ConciliationStrategy.SENICIDE));
  }

  @Test
  void infanticideKeepsTheOldest() {
    assertEquals(List.of(stopOn("app:p", "b"), stopOn("app:p", "c")),
        conciliate(conflict("CONTINUE"), ConciliationStrategy.INFANTICIDE));
  }

  @Test
  void stopStopsEveryCopy() {
    Fixture f = conflict("CONTINUE");
    assertEquals(List.of(stopOn("app:p", "a"), stopOn("app:p", "b"), stopOn("app:p", "c")),
        conciliate(f, ConciliationStrategy.STOP));
    f.report("app:p", "a", STOPPED);
    f.report("app:p", "b", STOPPED);
    f.report("app:p", "c", STOPPED);
    assertEquals(List.of(), f.step());
    assertTrue(f.idle());
  }

  @Test
  void restartStopsEveryCopyThenStartsOne() {
    Fixture f = conflict("CONTINUE");
    assertEquals(List.of(stopOn("app:p", "a"), stopOn("app:p", "b"), stopOn("app:p", "c")),
        conciliate(f, ConciliationStrategy.RESTART));
    f.report("app:p", "a", STOPPED);
    f.report("app:p", "b", STOPPED);
    assertEquals(List.of(), f.step());
    f.report("app:p", "c", STOPPED);
    assertEquals(List.of(startOn("app:p", "a")), f.step());
  }

  @Test
  void runningFailureStopsEveryCopyThenAppliesTheRunningFailureStrategy() {
    Fixture f = conflict("RESTART_PROCESS");
    assertEquals(List.of(stopOn("app:p", "a"), stopOn("app:p", "b"), stopOn("app:p", "c")),
        conciliate(f, ConciliationStrategy.RUNNING_FAILURE));
    assertEquals(1, f.jobs.failures().size(), "queued until the stops are done");
    f.report("app:p", "a", STOPPED);
    f.report("app:p", "b", STOPPED);
    f.report("app:p", "c", STOPPED);
    assertEquals(List.of(), f.step());
    assertEquals(List.of(startOn("app:p", "a")), f.step());
    assertEquals(List.of(), f.jobs.failures());
  }

  @Test
  void userDoesNothing() {
    Fixture f = conflict("CONTINUE");
    assertEquals(List.of(), conciliate(f, ConciliationStrategy.USER));
    assertEquals(Jobs.EMPTY, f.jobs);
  }

  // ---------------------------------------------------------------- deployment (§11)

  private static Fixture deployment() {
    return new Fixture("""
        <root>
          <application name="fresh">
            <start_sequence>1</start_sequence>
            <programs><program name="p"><start_sequence>1</start_sequence></program></programs>
          </application>
          <application name="zero">
            <programs><program name="p"><start_sequence>1</start_sequence></program></programs>
          </application>
          <application name="clean">
            <start_sequence>1</start_sequence>
            <programs><program name="p"><start_sequence>1</start_sequence></program></programs>
          </application>
          <application name="broken">
            <start_sequence>2</start_sequence>
            <programs>
              <program name="up"><start_sequence>1</start_sequence></program>
              <program name="down"><start_sequence>1</start_sequence></program>
            </programs>
          </application>
        </root>""", "a", "b")
        .process("fresh:p", "a", "b")
        .process("zero:p", "a", "b")
        .process("clean:p", "a", "b")
        .process("broken:up", "a", "b")
        .process("broken:down", "a", "b")
        .process("unmanaged:p", "a", "b");
  }

  private static List<String> planned(Jobs jobs) {
    return jobs.allJobs().map(ApplicationJob::applicationName).sorted().toList();
  }

  /** clean ran and was stopped; broken runs with one process failed. */
  private static Fixture deployed(boolean forced) {
    Fixture f = deployment();
    f.report("clean:p", "a", STARTING);
    f.report("clean:p", "a", RUNNING);
    f.report("clean:p", "a", STOPPED);
    f.running("broken:up", "b", 10);
    f.report("broken:down", "a", STARTING);
    f.report("broken:down", "a", FATAL);
    f.jobs = f.commander.deploy(f.jobs, forced, f.origin());
    return f;
  }

  @Test
  void deploymentStartsWhatNeverStartedOrFailed() {
    Fixture f = deployed(false);
    assertEquals(List.of("broken", "fresh"), planned(f.jobs));
    assertEquals(List.of(startOn("fresh:p", "a")), f.step(), "by application start_sequence");
    f.report("fresh:p", "a", RUNNING);
    assertEquals(List.of(startOn("broken:down", "a")), f.step(), "repaired: what runs is not restarted");
  }

  @Test
  void aForcedDeploymentStartsEveryApplicationWithAStartSequence() {
    assertEquals(List.of("broken", "clean", "fresh"), planned(deployed(true).jobs));
  }

  @Test
  void deploymentSkipsApplicationsWithAJob() {
    Fixture f = deployment();
    f.jobs = f.commander.startProcesses(f.jobs, List.of(f.status("fresh:p")), StartingStrategy.CONFIG, "",
        f.origin());
    long before = f.jobs.allJobs().count();
    f.jobs = f.commander.deploy(f.jobs, true, f.origin());
    assertEquals(List.of("broken", "clean", "fresh"), planned(f.jobs));
    assertEquals(before + 2, f.jobs.allJobs().count());
  }
}
