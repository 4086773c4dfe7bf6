package org.supvisors.rules.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.supvisors.protocol.ConciliationStrategy;
import org.supvisors.protocol.RunningFailureStrategy;
import org.supvisors.protocol.StartingFailureStrategy;
import org.supvisors.protocol.StartingStrategy;

/** Starting failures, running failures with their priorities, and conciliation. */
class DecisionsTest {

  @ParameterizedTest(name = "required={0} {1} -> {2}")
  @CsvSource({
      "true,  ABORT,    ABORT",
      "true,  STOP,     ABORT_AND_STOP",
      "true,  CONTINUE, CONTINUE",
      "false, ABORT,    CONTINUE",
      "false, STOP,     CONTINUE",
  })
  void startingFailure(boolean required, StartingFailureStrategy strategy, StartingFailureDecision expected) {
    assertEquals(expected, StartingFailureDecision.of(required, strategy));
  }

  private static RunningFailure lost(String namespec, RunningFailureStrategy strategy, boolean sequenced, boolean appStopped) {
    return new RunningFailure("app", namespec, strategy, StartingStrategy.LESS_LOADED, sequenced, appStopped);
  }

  @ParameterizedTest(name = "crash with {0}")
  @CsvSource({"RESTART, RestartSupvisors", "SHUTDOWN, ShutdownSupvisors", "STOP_APPLICATION, SubmitRunningFailure",
      "RESTART_APPLICATION, SubmitRunningFailure", "CONTINUE, none", "RESTART_PROCESS, none"})
  void crashTriggers(RunningFailureStrategy strategy, String expected) {
    List<Action> actions = RunningFailureDecision.onCrash(lost("app:p", strategy, true, false), false);
    assertEquals(expected, actions.isEmpty() ? "none" : actions.get(0).getClass().getSimpleName());
  }

  @Test
  void forcedStatesAndInstanceLossIgnoreSomeStrategies() {
    assertEquals(List.of(), RunningFailureDecision.onCrash(lost("app:p", RunningFailureStrategy.STOP_APPLICATION, true, false), true));
    assertEquals(List.of(), RunningFailureDecision.onInstanceLost(lost("app:p", RunningFailureStrategy.SHUTDOWN, true, false)));
    assertEquals(List.of(), RunningFailureDecision.onInstanceLost(lost("app:p", RunningFailureStrategy.RESTART, true, false)));
    assertEquals(1, RunningFailureDecision.onInstanceLost(lost("app:p", RunningFailureStrategy.CONTINUE, true, false)).size());
  }

  @ParameterizedTest(name = "instance lost with {0}, sequenced={1}, application stopped={2}: acted upon={3}")
  @CsvSource({"RESTART_PROCESS, true, false, true", "RESTART_PROCESS, false, false, true",
      "RESTART_PROCESS, true, true, true", "RESTART_APPLICATION, true, false, true",
      "STOP_APPLICATION, false, false, true", "CONTINUE, true, false, false", "CONTINUE, false, true, false",
      "RESTART, true, false, false", "SHUTDOWN, true, false, false"})
  void whatAnInstanceLossActsUpon(RunningFailureStrategy strategy, boolean sequenced, boolean appStopped,
      boolean acted) {
    assertEquals(acted, RunningFailureDecision.actsOnInstanceLost(lost("app:p", strategy, sequenced, appStopped)));
  }

  private static List<Action> drain(RunningFailureQueue queue) {
    return queue.drain(app -> false).actions();
  }

  @Test
  void stopApplicationBeatsEverything() {
    RunningFailureQueue queue = RunningFailureQueue.empty()
        .add(lost("app:a", RunningFailureStrategy.RESTART_PROCESS, true, false))
        .add(lost("app:b", RunningFailureStrategy.CONTINUE, false, false))
        .add(lost("app:c", RunningFailureStrategy.RESTART_APPLICATION, true, false))
        .add(lost("app:d", RunningFailureStrategy.STOP_APPLICATION, true, false))
        .add(lost("app:e", RunningFailureStrategy.RESTART_APPLICATION, true, false))
        .add(lost("app:f", RunningFailureStrategy.RESTART_PROCESS, false, false));
    assertEquals(List.of(new Action.StopApplication("app")), drain(queue));
  }

  @Test
  void restartApplicationSupersedesSequencedProcessesOnly() {
    RunningFailureQueue queue = RunningFailureQueue.empty()
        .add(lost("app:seq", RunningFailureStrategy.RESTART_PROCESS, true, false))
        .add(lost("app:free", RunningFailureStrategy.RESTART_PROCESS, false, false))
        .add(lost("app:bus", RunningFailureStrategy.RESTART_APPLICATION, true, false))
        .add(lost("app:seq2", RunningFailureStrategy.RESTART_PROCESS, true, false))
        .add(lost("app:seq3", RunningFailureStrategy.CONTINUE, true, false));
    assertEquals(List.of(new Action.RestartApplication("app", StartingStrategy.LESS_LOADED),
        new Action.RestartProcess("app:free", StartingStrategy.LESS_LOADED)), drain(queue));
  }

  @Test
  void restartProcessSupersedesContinueOfTheSameProcess() {
    RunningFailureQueue queue = RunningFailureQueue.empty()
        .add(lost("app:p", RunningFailureStrategy.CONTINUE, false, false))
        .add(lost("app:q", RunningFailureStrategy.CONTINUE, false, false))
        .add(lost("app:p", RunningFailureStrategy.RESTART_PROCESS, false, false))
        .add(lost("app:p", RunningFailureStrategy.CONTINUE, false, false));
    assertEquals(List.of(new Action.RestartProcess("app:p", StartingStrategy.LESS_LOADED),
        new Action.LogOnly("app:q", RunningFailureStrategy.CONTINUE)), drain(queue));
  }

  @Test
  void restartProcessOfAStoppedApplicationIsPromoted() {
    RunningFailureQueue queue = RunningFailureQueue.empty()
        .add(lost("app:p", RunningFailureStrategy.RESTART_PROCESS, true, true));
    assertEquals(List.of(new Action.RestartApplication("app", StartingStrategy.LESS_LOADED)), drain(queue));
    RunningFailureQueue notSequenced = RunningFailureQueue.empty()
        .add(lost("app:p", RunningFailureStrategy.RESTART_PROCESS, false, true));
    assertEquals(List.of(new Action.RestartProcess("app:p", StartingStrategy.LESS_LOADED)), drain(notSequenced));
  }

  @Test
  void busyApplicationsAreDeferred() {
    RunningFailureQueue queue = RunningFailureQueue.empty()
        .add(lost("app:p", RunningFailureStrategy.STOP_APPLICATION, true, false))
        .add(new RunningFailure("other", "other:q", RunningFailureStrategy.RESTART_APPLICATION, StartingStrategy.CONFIG, true, false));
    RunningFailureQueue.Drained first = queue.drain(Set.of("app")::contains);
    assertEquals(List.of(new Action.RestartApplication("other", StartingStrategy.CONFIG)), first.actions());
    assertEquals(List.of(new Action.StopApplication("app")), drain(first.remaining()));
    assertTrue(first.remaining().clear().isEmpty());
    assertTrue(queue.drain(a -> false).remaining().isEmpty());
  }

  private static final Conflict CONFLICT = new Conflict("app", "app:p",
      List.of(new Conflict.Copy("a", 100), new Conflict.Copy("b", 5), new Conflict.Copy("c", 300), new Conflict.Copy("d", 5)),
      StartingStrategy.MOST_LOADED, RunningFailureStrategy.RESTART_APPLICATION, true, false);

  @Test
  void senicideKeepsTheYoungest() {
    assertEquals(List.of(new Action.StopProcessOn("app:p", "a"), new Action.StopProcessOn("app:p", "c"),
        new Action.StopProcessOn("app:p", "d")), Conciliator.conciliate(ConciliationStrategy.SENICIDE, CONFLICT));
  }

  @Test
  void infanticideKeepsTheOldest() {
    assertEquals(List.of(new Action.StopProcessOn("app:p", "a"), new Action.StopProcessOn("app:p", "b"),
        new Action.StopProcessOn("app:p", "d")), Conciliator.conciliate(ConciliationStrategy.INFANTICIDE, CONFLICT));
  }

  @Test
  void otherConciliationStrategies() {
    assertEquals(List.of(), Conciliator.conciliate(ConciliationStrategy.USER, List.of(CONFLICT)));
    assertEquals(4, Conciliator.conciliate(ConciliationStrategy.STOP, CONFLICT).size());
    assertEquals(List.of(new Action.RestartProcess("app:p", StartingStrategy.MOST_LOADED)),
        Conciliator.conciliate(ConciliationStrategy.RESTART, CONFLICT));
    List<Action> failure = Conciliator.conciliate(ConciliationStrategy.RUNNING_FAILURE, CONFLICT);
    assertEquals(5, failure.size());
    assertEquals(new Action.SubmitRunningFailure(new RunningFailure("app", "app:p", RunningFailureStrategy.RESTART_APPLICATION,
        StartingStrategy.MOST_LOADED, true, false)), failure.get(4));
  }
}
