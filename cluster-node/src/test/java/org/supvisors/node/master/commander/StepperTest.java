package org.supvisors.node.master.commander;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.supvisors.node.master.commander.Fixture.fatal;
import static org.supvisors.node.master.commander.Fixture.startOn;
import static org.supvisors.node.master.commander.Fixture.stopOn;
import static org.supvisors.node.master.commander.Fixture.stopped;
import static org.supvisors.protocol.ProcessState.BACKOFF;
import static org.supvisors.protocol.ProcessState.EXITED;
import static org.supvisors.protocol.ProcessState.FATAL;
import static org.supvisors.protocol.ProcessState.RUNNING;
import static org.supvisors.protocol.ProcessState.STARTING;
import static org.supvisors.protocol.ProcessState.STOPPED;
import static org.supvisors.protocol.ProcessState.STOPPING;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.supvisors.protocol.InstanceState;
import org.supvisors.protocol.StartingStrategy;

/**
 * The Starter and the Stopper (compat behaviour §7), driven through the {@link Commander}: how
 * commands are issued, completed by the target's states (§7.3), timed out in the target's ticks
 * (§7.4), and how a failure of a required process acts on its application's job (§7.5).
 */
class StepperTest {

  /**
   * Application {@code app}: {@code first} (sequence 1, required), {@code second} and {@code third}
   * (sequence 2), {@code buddy} and {@code manual} (sequence 0, optional; tests add buddy to the first
   * stage), each defined on a, b and c with startsecs and stopwaitsecs of 10 s, that is 2 ticks plus
   * the margin of 2. Application {@code loads} only weighs on the instances where it runs.
   */
  private static Fixture cluster(String applicationOptions, String firstOptions) {
    return new Fixture("""
        <root>
          <application name="app">
            <start_sequence>1</start_sequence>
            %s
            <programs>
              <program name="first">
                <start_sequence>1</start_sequence><stop_sequence>1</stop_sequence><required>true</required>%s
              </program>
              <program name="buddy"><start_sequence>0</start_sequence><stop_sequence>1</stop_sequence></program>
              <program name="second"><start_sequence>2</start_sequence><stop_sequence>2</stop_sequence></program>
              <program name="third"><start_sequence>2</start_sequence><stop_sequence>2</stop_sequence></program>
              <program name="manual"><start_sequence>0</start_sequence></program>
            </programs>
          </application>
          <application name="loads">
            <programs>
              <program name="heavy"><expected_loading>50</expected_loading></program>
              <program name="medium"><expected_loading>30</expected_loading></program>
              <program name="light"><expected_loading>40</expected_loading></program>
            </programs>
          </application>
        </root>""".formatted(applicationOptions, firstOptions), "a", "b", "c")
        .process("app:first", 10, 10, "a", "b", "c")
        .process("app:buddy", 10, 10, "a", "b", "c")
        .process("app:second", 10, 10, "a", "b", "c")
        .process("app:third", 10, 10, "a", "b", "c")
        .process("app:manual", 10, 10, "a", "b", "c");
  }

  private static Fixture cluster() {
    return cluster("", "");
  }

  private static Fixture started(Fixture f, StartingStrategy strategy) {
    f.jobs = f.commander.startApplication(f.jobs, "app", strategy, f.origin());
    return f;
  }

  // ---------------------------------------------------------------- issuing

  @Test
  void configStartsOnTheFirstAllowedRunningInstance() {
    Fixture f = started(cluster("", "<identifiers>b,c</identifiers>"), StartingStrategy.CONFIG);
    assertEquals(List.of(startOn("app:first", "b")), f.step());

    Fixture withoutB = cluster("", "<identifiers>b,c</identifiers>").instance("b", InstanceState.SILENT);
    started(withoutB, StartingStrategy.CONFIG);
    assertEquals(List.of(startOn("app:first", "c")), withoutB.step());
  }

  /** The first start of {@code app} when a, b and c carry loads of 50, 30 and 40. */
  private static List<Effect> firstStartWithLoads(StartingStrategy strategy) {
    Fixture f = cluster().process("loads:heavy", "a").process("loads:medium", "b").process("loads:light", "c");
    f.running("loads:heavy", "a", 10);
    f.running("loads:medium", "b", 10);
    f.running("loads:light", "c", 10);
    return started(f, strategy).step();
  }

  @Test
  void loadStrategiesCompareTheInstanceLoads() {
    assertEquals(List.of(startOn("app:first", "a")), firstStartWithLoads(StartingStrategy.CONFIG));
    assertEquals(List.of(startOn("app:first", "b")), firstStartWithLoads(StartingStrategy.LESS_LOADED));
    assertEquals(List.of(startOn("app:first", "a")), firstStartWithLoads(StartingStrategy.MOST_LOADED));
  }

  @Test
  void localStartsWhereTheRequestCameFrom() {
    Fixture f = cluster();
    f.jobs = f.commander.startApplication(f.jobs, "app", StartingStrategy.LOCAL, new Commander.Origin("b", Set.of()));
    assertEquals(List.of(startOn("app:first", "b")), f.step());
  }

  @Test
  void startsOfOneStageCountTheLoadsAlreadyPromised() {
    Fixture f = cluster("", "<expected_loading>60</expected_loading>");
    f.jobs = f.commander.startProcesses(f.jobs, List.of(f.status("app:first"), f.status("app:second")),
        StartingStrategy.LESS_LOADED, "", f.origin());
    assertEquals(List.of(startOn("app:first", "a"), startOn("app:second", "b")), f.step());
  }

  @Test
  void aStartWithNoInstanceAllowedAndRunningForcesFatal() {
    Fixture f = started(cluster("", "<identifiers>c</identifiers>").instance("c", InstanceState.SILENT),
        StartingStrategy.CONFIG);
    assertEquals(List.of(fatal("app:first", Stepper.NO_RESOURCE)), f.step());
    assertTrue(f.idle(), "ABORT: the failure of a required process ends the job");
  }

  // ---------------------------------------------------------------- completion (§7.3)

  @Test
  void stagesFollowTheStartSequenceAndSkipSequenceZero() {
    Fixture f = started(cluster(), StartingStrategy.CONFIG);
    assertEquals(List.of(startOn("app:first", "a")), f.step());
    assertEquals(List.of(), f.step(), "issued once");
    f.report("app:first", "a", STARTING);
    assertEquals(List.of(), f.step(), "STARTING: in progress");
    f.report("app:first", "a", RUNNING);
    assertEquals(List.of(startOn("app:second", "a"), startOn("app:third", "a")), f.step(),
        "the next stage only after the current one");
    f.report("app:second", "a", STARTING);
    f.report("app:second", "a", RUNNING);
    assertEquals(List.of(), f.step());
    assertFalse(f.idle(), "third is not running yet");
    f.report("app:third", "a", STARTING);
    f.report("app:third", "a", RUNNING);
    assertEquals(List.of(), f.step());
    assertTrue(f.idle());
    assertTrue(f.status("app:manual").isStopped(), "start_sequence 0: not started with its application");
    assertTrue(f.status("app:buddy").isStopped());
  }

  @Test
  void onlyEventsOfTheTargetCount() {
    Fixture f = started(cluster(), StartingStrategy.CONFIG);
    f.step();
    f.report("app:first", "b", STARTING);
    f.report("app:first", "b", RUNNING);
    assertEquals(List.of(), f.step());
    assertFalse(f.idle(), "RUNNING on b does not complete the start on a");
  }

  @Test
  void waitExitKeepsWaitingWhileRunningAndCompletesOnAnExpectedExit() {
    Fixture f = started(cluster("", "<wait_exit>true</wait_exit>"), StartingStrategy.CONFIG);
    f.step();
    f.report("app:first", "a", STARTING);
    f.report("app:first", "a", RUNNING);
    assertEquals(List.of(), f.step());
    f.tick("a", 1000);
    assertEquals(List.of(), f.step(), "RUNNING with wait_exit never times out");
    f.report("app:first", "a", EXITED, true);
    assertEquals(List.of(startOn("app:second", "a"), startOn("app:third", "a")), f.step());
  }

  @Test
  void waitExitFailsOnAnUnexpectedExit() {
    Fixture f = started(cluster("", "<wait_exit>true</wait_exit>"), StartingStrategy.CONFIG);
    f.step();
    f.report("app:first", "a", STARTING);
    f.report("app:first", "a", RUNNING);
    f.step();
    f.report("app:first", "a", EXITED, false);
    assertEquals(List.of(), f.step());
    assertTrue(f.idle(), "failed: ABORT drops the next stages");
  }

  @Test
  void anExitWithoutWaitExitFails() {
    Fixture f = started(cluster(), StartingStrategy.CONFIG);
    f.step();
    f.report("app:first", "a", STARTING);
    f.step();
    f.report("app:first", "a", EXITED, true);
    assertEquals(List.of(), f.step());
    assertTrue(f.idle());
  }

  @Test
  void fatalFails() {
    Fixture f = started(cluster(), StartingStrategy.CONFIG);
    f.step();
    f.report("app:first", "a", STARTING);
    f.step();
    f.report("app:first", "a", BACKOFF);
    f.step();
    f.report("app:first", "a", FATAL);
    assertEquals(List.of(), f.step());
    assertTrue(f.idle());
  }

  @Test
  void aStopReportedBeforeAnyStartFails() {
    Fixture f = started(cluster(), StartingStrategy.CONFIG);
    f.step();
    f.report("app:first", "a", STOPPED);
    assertEquals(List.of(), f.step());
    assertTrue(f.idle());
  }

  @Test
  void aRefusedOrderFails() {
    Fixture f = started(cluster(), StartingStrategy.CONFIG);
    f.step();
    assertEquals(List.of(), f.step(Set.of(Commander.refusalKey("app:first", "a"))));
    assertTrue(f.idle());
  }

  @Test
  void aLostTargetFails() {
    Fixture f = started(cluster("", "<identifiers>b</identifiers>"), StartingStrategy.CONFIG);
    assertEquals(List.of(startOn("app:first", "b")), f.step());
    f.instance("b", InstanceState.SILENT);
    assertEquals(List.of(), f.step());
    assertTrue(f.idle(), "ABORT: second and third never start");
  }

  @Test
  void aProcessAlreadyRunningIsSkipped() {
    Fixture f = cluster();
    f.running("app:first", "b", 10);
    started(f, StartingStrategy.CONFIG);
    assertEquals(List.of(startOn("app:second", "a"), startOn("app:third", "a")), f.step());
  }

  // ---------------------------------------------------------------- timeouts (§7.4)

  @Test
  void noStartingInTimeForcesFatalAfterTheMarginOfTheTargetsTicks() {
    Fixture f = started(cluster(), StartingStrategy.CONFIG);
    f.step();
    f.tick("b", 100).tick("c", 100);
    assertEquals(List.of(), f.step(), "ticks of other instances do not count");
    f.tick("a", 2);
    assertEquals(List.of(), f.step(), "not beyond reference + minimum_ticks yet");
    f.tick("a", 1);
    assertEquals(List.of(fatal("app:first", Stepper.NO_STARTING), startOn("app:second", "a"),
        startOn("app:third", "a")), f.step(), "a timeout applies no starting failure strategy");
  }

  @Test
  void noRunningInTimeForcesFatalAfterStartsecsInTicksPlusTheMargin() {
    Fixture f = started(cluster(), StartingStrategy.CONFIG);
    f.tick("a", 7);
    f.step();
    f.tick("a", 2);
    f.report("app:first", "a", STARTING);
    assertEquals(List.of(), f.step());
    f.tick("a", 2);
    assertEquals(List.of(), f.step(), "7 + ceil(10 / 5) + 2 = 11");
    f.tick("a", 1);
    assertEquals(List.of(fatal("app:first", Stepper.NO_RUNNING), startOn("app:second", "a"),
        startOn("app:third", "a")), f.step());
  }

  @Test
  void backoffResetsTheReference() {
    Fixture f = started(cluster(), StartingStrategy.CONFIG);
    f.step();
    f.report("app:first", "a", STARTING);
    f.tick("a", 3);
    f.step();
    f.report("app:first", "a", BACKOFF);
    assertEquals(List.of(), f.step());
    f.report("app:first", "a", STARTING);
    f.tick("a", 4);
    assertEquals(List.of(), f.step(), "3 + 4: in time from the BACKOFF, late from the order");
    f.tick("a", 1);
    assertEquals(List.of(fatal("app:first", Stepper.NO_RUNNING), startOn("app:second", "a"),
        startOn("app:third", "a")), f.step());
  }

  @Test
  void aProcessStuckInBackoffTimesOut() {
    Fixture f = started(cluster(), StartingStrategy.CONFIG);
    f.step();
    f.report("app:first", "a", STARTING);
    f.step();
    f.tick("a", 3);
    f.report("app:first", "a", BACKOFF);
    f.step();
    for (int i = 0; i < 4; i++) {
      f.tick("a", 1);
      assertEquals(List.of(), f.step(), "each step in BACKOFF is not a new BACKOFF");
    }
    f.tick("a", 1);
    assertEquals(List.of(fatal("app:first", Stepper.NO_RUNNING), startOn("app:second", "a"),
        startOn("app:third", "a")), f.step());
  }

  @Test
  void aStopWithoutStoppingInTimeForcesStopped() {
    Fixture f = cluster();
    f.running("app:first", "a", 10);
    f.jobs = f.commander.stopApplication(f.jobs, "app", f.origin());
    assertEquals(List.of(stopOn("app:first", "a")), f.step());
    f.tick("b", 50);
    f.tick("a", 2);
    assertEquals(List.of(), f.step());
    f.tick("a", 1);
    assertEquals(List.of(stopped("app:first", Stepper.NO_STOPPING)), f.step());
    assertTrue(f.idle());
  }

  @Test
  void aStopStuckInStoppingForcesStoppedAfterStopwaitsecsInTicksPlusTheMargin() {
    Fixture f = cluster();
    f.running("app:first", "a", 10);
    f.jobs = f.commander.stopApplication(f.jobs, "app", f.origin());
    f.step();
    f.tick("a", 1);
    f.report("app:first", "a", STOPPING);
    f.tick("a", 3);
    assertEquals(List.of(), f.step(), "STOPPING does not move the reference");
    f.tick("a", 1);
    assertEquals(List.of(stopped("app:first", Stepper.NO_STOPPED)), f.step());
    assertTrue(f.idle());
  }

  // ---------------------------------------------------------------- starting failure (§7.5)

  private static Fixture strategyCase(String strategy) {
    Fixture f = cluster("<starting_failure_strategy>" + strategy + "</starting_failure_strategy>", "");
    // buddy joins the first stage, so that a command is still in progress when first fails.
    f.jobs = f.commander.startApplication(f.jobs, "app", StartingStrategy.CONFIG, f.origin());
    f.jobs = f.commander.startProcesses(f.jobs, List.of(f.status("app:buddy")), StartingStrategy.CONFIG, "",
        f.origin());
    assertEquals(List.of(startOn("app:first", "a"), startOn("app:buddy", "a")), f.step());
    f.report("app:first", "a", STARTING);
    f.report("app:buddy", "a", STARTING);
    f.step();
    f.report("app:first", "a", FATAL);
    assertEquals(List.of(), f.step());
    assertFalse(f.idle(), "the command in progress finishes");
    f.report("app:buddy", "a", RUNNING);
    return f;
  }

  @Test
  void abortDropsTheNextStages() {
    Fixture f = strategyCase("ABORT");
    assertEquals(List.of(), f.step());
    assertTrue(f.idle());
  }

  @Test
  void stopStopsTheApplicationOnceTheJobEnds() {
    Fixture f = strategyCase("STOP");
    assertEquals(List.of(stopOn("app:buddy", "a")), f.step());
    assertTrue(f.jobs.starting().isEmpty());
    f.report("app:buddy", "a", STOPPING);
    f.report("app:buddy", "a", STOPPED);
    assertEquals(List.of(), f.step());
    assertTrue(f.idle());
  }

  @Test
  void continueGoesOnWithTheNextStages() {
    Fixture f = strategyCase("CONTINUE");
    assertEquals(List.of(startOn("app:second", "a"), startOn("app:third", "a")), f.step());
  }

  @Test
  void theFailureOfAnOptionalProcessChangesNothing() {
    Fixture f = cluster();
    started(f, StartingStrategy.CONFIG);
    f.jobs = f.commander.startProcesses(f.jobs, List.of(f.status("app:buddy")), StartingStrategy.CONFIG, "",
        f.origin());
    f.step();
    f.report("app:buddy", "a", FATAL);
    assertEquals(List.of(), f.step());
    f.report("app:first", "a", STARTING);
    f.report("app:first", "a", RUNNING);
    assertEquals(List.of(startOn("app:second", "a"), startOn("app:third", "a")), f.step(),
        "ABORT applies to required processes only");
  }

  @Test
  void noResourceAppliesTheStrategy() {
    Fixture f = cluster("<starting_failure_strategy>CONTINUE</starting_failure_strategy>",
        "<identifiers>c</identifiers>").instance("c", InstanceState.SILENT);
    started(f, StartingStrategy.CONFIG);
    assertEquals(List.of(fatal("app:first", Stepper.NO_RESOURCE), startOn("app:second", "a"),
        startOn("app:third", "a")), f.step());
  }

  @Test
  void singleInstanceWithoutAnInstanceFailsEveryStart() {
    Fixture f = cluster("<distribution>SINGLE_INSTANCE</distribution><identifiers>c</identifiers>", "")
        .instance("c", InstanceState.SILENT);
    started(f, StartingStrategy.CONFIG);
    assertEquals(List.of(fatal("app:first", Stepper.NO_RESOURCE), fatal("app:second", Stepper.NO_RESOURCE),
        fatal("app:third", Stepper.NO_RESOURCE)), f.step());
    assertTrue(f.idle());
  }

  @Test
  void singleInstancePutsEveryProcessOnTheChosenInstance() {
    Fixture f = cluster("<distribution>SINGLE_INSTANCE</distribution><identifiers>b,c</identifiers>", "");
    started(f, StartingStrategy.CONFIG);
    assertEquals(List.of(startOn("app:first", "b")), f.step());
    f.report("app:first", "b", STARTING);
    f.report("app:first", "b", RUNNING);
    assertEquals(List.of(startOn("app:second", "b"), startOn("app:third", "b")), f.step());
  }

  // ---------------------------------------------------------------- stop jobs

  @Test
  void stopsFollowTheStopSequenceGreatestFirstAndEndOnAnyStoppedState() {
    Fixture f = cluster();
    f.running("app:first", "a", 10);
    f.running("app:second", "b", 10);
    f.running("app:third", "c", 10);
    f.running("app:manual", "a", 10);
    f.jobs = f.commander.stopApplication(f.jobs, "app", f.origin());
    assertEquals(List.of(stopOn("app:second", "b"), stopOn("app:third", "c")), f.step());
    f.report("app:second", "b", STOPPING);
    f.report("app:second", "b", EXITED, false);
    assertEquals(List.of(), f.step(), "third still runs");
    f.report("app:third", "c", FATAL);
    assertEquals(List.of(stopOn("app:first", "a")), f.step());
    f.report("app:first", "a", STOPPED);
    assertEquals(List.of(stopOn("app:manual", "a")), f.step(), "stop_sequence 0 comes last");
    f.report("app:manual", "a", STOPPED);
    assertEquals(List.of(), f.step());
    assertTrue(f.idle());
  }

  @Test
  void aRefusedStopEnds() {
    Fixture f = cluster();
    f.running("app:first", "a", 10);
    f.jobs = f.commander.stopApplication(f.jobs, "app", f.origin());
    f.step();
    assertEquals(List.of(), f.step(Set.of(Commander.refusalKey("app:first", "a"))));
    assertTrue(f.idle());
  }

  @Test
  void everyRunningCopyIsStopped() {
    Fixture f = cluster();
    f.running("app:first", "a", 10);
    f.running("app:first", "c", 10);
    f.jobs = f.commander.stopProcesses(f.jobs, List.of(f.status("app:first")), f.origin());
    assertEquals(List.of(stopOn("app:first", "a"), stopOn("app:first", "c")), f.step());
    f.report("app:first", "a", STOPPED);
    assertEquals(List.of(), f.step());
    assertFalse(f.idle());
    f.report("app:first", "c", STOPPED);
    f.step();
    assertTrue(f.idle());
  }
}
