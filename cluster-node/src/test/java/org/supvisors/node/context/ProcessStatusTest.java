package org.supvisors.node.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.supvisors.protocol.LocalProcessInfo;
import org.supvisors.protocol.ProcessInfo;
import org.supvisors.protocol.ProcessState;

/** The synthetic state rules of compat behaviour §5.1, one test per rule. */
class ProcessStatusTest {

  static LocalProcessInfo info(ProcessState state, long stop, boolean exitExpected) {
    return new LocalProcessInfo("p", "g", state, 100, stop, 200, 0, "", "", exitExpected, 1, 10, "", false, "p", 0);
  }

  static LocalProcessInfo info(ProcessState state) {
    return info(state, 0, true);
  }

  private final ProcessStatus fresh = ProcessStatus.unknown("g", "p");

  @Test
  void aSingleRunningInstanceGivesItsStateAndAnExpectedExit() {
    ProcessStatus status = fresh.update("a", info(ProcessState.STARTING), 1.0).update("a", info(ProcessState.RUNNING), 2.0);
    assertEquals(ProcessState.RUNNING, status.state());
    assertEquals(List.of("a"), List.copyOf(status.running()));
    assertTrue(status.expectedExit());
    assertEquals(2.0, status.lastEventTime());
  }

  @Test
  void stoppingKeepsTheInstanceInTheRunningList() {
    ProcessStatus status = fresh.update("a", info(ProcessState.RUNNING), 1).update("a", info(ProcessState.STOPPING), 2);
    assertEquals(ProcessState.STOPPING, status.state());
    assertEquals(List.of("a"), List.copyOf(status.running()));
    assertTrue(status.expectedExit());
  }

  @Test
  void whenStoppedEverywhereTheLatestStopGivesStateAndExpectation() {
    ProcessStatus status = fresh
        .update("a", info(ProcessState.EXITED, 50, false), 1)
        .update("b", info(ProcessState.STOPPED, 40, true), 2);
    assertEquals(ProcessState.EXITED, status.state());
    assertFalse(status.expectedExit());
    assertTrue(status.crashed());
    assertTrue(status.everCrashed());
  }

  @Test
  void aStoppingInstanceWinsWhenNothingRuns() {
    ProcessStatus status = fresh
        .update("a", info(ProcessState.STOPPED, 50, true), 1)
        .update("b", info(ProcessState.STOPPING), 2);
    assertEquals(ProcessState.STOPPING, status.state());
  }

  @Test
  void runningOnTwoInstancesIsAConflictShowingTheFirstOfRunningBackoffStartingStopping() {
    ProcessStatus status = fresh
        .update("a", info(ProcessState.STARTING), 1)
        .update("b", info(ProcessState.STARTING), 2);
    assertTrue(status.conflicting());
    assertEquals(ProcessState.STARTING, status.state());
    status = status.update("b", info(ProcessState.BACKOFF), 3);
    assertEquals(ProcessState.BACKOFF, status.state());
    status = status.update("a", info(ProcessState.RUNNING), 4);
    assertEquals(ProcessState.RUNNING, status.state());
    ProcessInfo shown = status.toInfo();
    assertEquals(List.of("a", "b"), shown.identifiers());
  }

  @Test
  void aStartAfterAStopForgetsStaleRunningInstances() {
    ProcessStatus status = fresh.update("a", info(ProcessState.FATAL, 10, false), 1);
    status = status.update("b", info(ProcessState.STARTING), 2);
    assertEquals(List.of("b"), List.copyOf(status.running()));
    assertFalse(status.conflicting());
  }

  @Test
  void aLostInstanceTurnsItsRunningProcessIntoAnUnexpectedFatal() {
    ProcessStatus status = fresh.update("a", info(ProcessState.RUNNING), 1).instanceLost("a", 5);
    assertEquals(ProcessState.FATAL, status.state());
    assertFalse(status.expectedExit());
    assertTrue(status.running().isEmpty());
    assertTrue(status.crashed());
    assertEquals("Supervisor a lost", status.infos().get("a").spawnerr());
  }

  @Test
  void losingAnInstanceWhereTheProcessDoesNotRunChangesNothing() {
    ProcessStatus status = fresh.update("a", info(ProcessState.STOPPED, 3, true), 1);
    assertEquals(status, status.instanceLost("a", 9));
    assertEquals(status, status.instanceLost("zz", 9));
  }

  @Test
  void aForcedStateIsShownUntilTheNextEvent() {
    ProcessStatus status = fresh.update("a", info(ProcessState.STOPPED, 3, true), 1)
        .force(ProcessState.FATAL, "process STARTING event not received in time");
    assertEquals(ProcessState.FATAL, status.displayedState());
    assertEquals(ProcessState.STOPPED, status.state());
    status = status.update("a", info(ProcessState.STARTING), 2);
    assertEquals(ProcessState.STARTING, status.displayedState());
  }

  @Test
  void removingTheOnlyRunningInstanceFallsBackOnTheOthers() {
    ProcessStatus status = fresh
        .update("a", info(ProcessState.STOPPED, 30, true), 1)
        .update("b", info(ProcessState.RUNNING), 2)
        .remove("b", 3);
    assertEquals(ProcessState.STOPPED, status.state());
    assertFalse(status.infos().containsKey("b"));
  }

  @Test
  void failedOnLooksAtThatInstanceOnly() {
    ProcessStatus status = fresh
        .update("a", info(ProcessState.EXITED, 30, false), 1)
        .update("b", info(ProcessState.RUNNING), 2);
    assertTrue(status.failedOn("a"));
    assertFalse(status.failedOn("b"));
    assertFalse(status.crashed());
  }
}
