package org.supvisors.node.master.commander;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.supvisors.node.master.commander.Fixture.startOn;
import static org.supvisors.node.master.commander.Fixture.stopOn;
import static org.supvisors.protocol.ProcessState.FATAL;
import static org.supvisors.protocol.ProcessState.RUNNING;
import static org.supvisors.protocol.ProcessState.STARTING;
import static org.supvisors.protocol.ProcessState.STOPPED;

import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.pattern.StatusReply;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.supvisors.node.master.Control;
import org.supvisors.node.testkit.TestKitExtension;
import org.supvisors.protocol.ConciliationStrategy;
import org.supvisors.protocol.StartingStrategy;

/**
 * The control requests of compat xmlrpc §5.3 and §5.4: their faults, and their answers, at once or
 * when the jobs they created are over (wait=true), as the commander's actor gives them.
 */
class RequestsTest {

  @RegisterExtension static final TestKitExtension testKit = new TestKitExtension();

  private static final StartingStrategy CONFIG = StartingStrategy.CONFIG;

  private final Fixture f = new Fixture("""
      <root>
        <application name="app">
          <start_sequence>1</start_sequence>
          <programs>
            <program name="p1"><start_sequence>1</start_sequence><required>true</required></program>
            <program name="p2"><start_sequence>0</start_sequence></program>
          </programs>
        </application>
        <application name="empty">
          <programs><program name="q"><start_sequence>0</start_sequence></program></programs>
        </application>
      </root>""", "a", "b")
      .process("app:p1", "a", "b")
      .process("app:p2", "a", "b")
      .process("empty:q", "a")
      .process("free:x", "a");
  private final Requests requests = new Requests(f.commander);
  private final Map<Long, ReplicatedJobs.Waiting> waiters = new LinkedHashMap<>();

  /** What the actor does with a request: plan, step, answer now or keep the waiter. */
  private List<Effect> handle(Control control) {
    Requests.Outcome outcome = requests.handle(f.jobs, control, "a");
    f.jobs = outcome.jobs();
    List<Effect> effects = f.step();
    if (outcome.immediate() != null) {
      outcome.immediate().run();
    }
    if (outcome.waiter() != null) {
      waiters.put(outcome.waiter().request(), outcome.waiter());
    }
    answerWaiters();
    return effects;
  }

  private List<Effect> step() {
    List<Effect> effects = f.step();
    answerWaiters();
    return effects;
  }

  private void answerWaiters() {
    waiters.entrySet().removeIf(entry -> {
      if (f.jobs.serves(entry.getKey())) {
        return false;
      }
      requests.answer(entry.getValue()).run();
      return true;
    });
  }

  private <T> TestProbe<StatusReply<T>> probe() {
    return testKit.kit().createTestProbe();
  }

  private static String fault(TestProbe<? extends StatusReply<?>> probe) {
    StatusReply<?> reply = probe.receiveMessage();
    assertTrue(reply.isError(), () -> "not a fault: " + reply);
    return reply.getError().getMessage();
  }

  private static Object value(TestProbe<? extends StatusReply<?>> probe) {
    StatusReply<?> reply = probe.receiveMessage();
    assertTrue(reply.isSuccess(), () -> "not a success: " + reply);
    return reply.getValue();
  }

  // ---------------------------------------------------------------- checks and faults

  @Test
  void unknownApplications() {
    TestProbe<StatusReply<Boolean>> reply = probe();
    handle(new Control.StartApplication(CONFIG, "nope", false, reply.getRef()));
    assertEquals("BAD_NAME: nope", fault(reply));
    handle(new Control.StopApplication("nope", false, reply.getRef()));
    assertEquals("BAD_NAME: nope", fault(reply));
    handle(new Control.RestartApplication(CONFIG, "nope", false, reply.getRef()));
    assertEquals("BAD_NAME: application nope unknown to Supvisors", fault(reply));
    handle(new Control.StartProcess(CONFIG, "nope:x", "", false, reply.getRef()));
    assertEquals("BAD_NAME: application nope unknown to Supvisors", fault(reply));
    handle(new Control.StopProcess("app:zz", false, reply.getRef()));
    assertEquals("BAD_NAME: process=zz unknown in application=app", fault(reply));
    handle(new Control.RestartProcess(CONFIG, "app:zz", "", false, reply.getRef()));
    assertEquals("BAD_NAME: process=zz unknown in application=app", fault(reply));
    assertEquals(Jobs.EMPTY, f.jobs, "a refused request plans nothing");
  }

  @Test
  void unmanagedApplications() {
    TestProbe<StatusReply<Boolean>> reply = probe();
    handle(new Control.StartApplication(CONFIG, "free", false, reply.getRef()));
    assertEquals("NOT_MANAGED: free", fault(reply));
    f.running("free:x", "a", 10);
    handle(new Control.StopApplication("free", false, reply.getRef()));
    assertEquals("NOT_MANAGED: free", fault(reply));
  }

  @Test
  void restartingAnUnmanagedApplicationWithNothingRunningFails() {
    TestProbe<StatusReply<Boolean>> reply = probe();
    handle(new Control.RestartApplication(CONFIG, "free", false, reply.getRef()));
    assertEquals("ABNORMAL_TERMINATION: failed restarting free", fault(reply));
  }

  @Test
  void alreadyStarted() {
    f.running("app:p2", "b", 10);
    TestProbe<StatusReply<Boolean>> reply = probe();
    handle(new Control.StartApplication(CONFIG, "app", false, reply.getRef()));
    assertEquals("ALREADY_STARTED: app", fault(reply));
    handle(new Control.StartProcess(CONFIG, "app:p2", "", false, reply.getRef()));
    assertEquals("ALREADY_STARTED: app:p2", fault(reply));
    handle(new Control.StartProcess(CONFIG, "app:*", "", false, reply.getRef()));
    assertEquals("ALREADY_STARTED: app:p2", fault(reply));
  }

  @Test
  void notRunning() {
    TestProbe<StatusReply<Boolean>> reply = probe();
    handle(new Control.StopApplication("app", false, reply.getRef()));
    assertEquals("NOT_RUNNING: app", fault(reply));
    handle(new Control.StopProcess("app:p1", false, reply.getRef()));
    assertEquals("NOT_RUNNING: app:p1", fault(reply));
  }

  @Test
  void startAnyProcessNeedsACandidate() {
    TestProbe<StatusReply<String>> reply = probe();
    handle(new Control.StartAnyProcess(CONFIG, "zz", "", false, reply.getRef()));
    assertEquals("BAD_NAME: no candidate process matching \"zz\"", fault(reply));
    handle(new Control.StartAnyProcess(CONFIG, "(", "", false, reply.getRef()));
    assertEquals("INCORRECT_PARAMETERS: invalid regular expression: (", fault(reply));
  }

  // ---------------------------------------------------------------- answers without wait

  @Test
  void startApplicationAnswersWhetherTheStarterIsBusy() {
    TestProbe<StatusReply<Boolean>> reply = probe();
    assertEquals(List.of(), handle(new Control.StartApplication(CONFIG, "empty", false, reply.getRef())));
    assertEquals(false, value(reply), "nothing with a start sequence");
    assertEquals(List.of(startOn("app:p1", "a")),
        handle(new Control.StartApplication(CONFIG, "app", false, reply.getRef())));
    assertEquals(true, value(reply));
    assertTrue(waiters.isEmpty());
  }

  @Test
  void startAnyProcessAnswersTheProcessChosen() {
    f.running("app:p1", "a", 10);
    TestProbe<StatusReply<String>> reply = probe();
    assertEquals(List.of(new Effect.StartOn("app:p2", "a", "-q")),
        handle(new Control.StartAnyProcess(CONFIG, "app:p", "-q", false, reply.getRef())));
    assertEquals("app:p2", value(reply), "p1 runs already");
  }

  @Test
  void conciliateAnswersFalseForUser() {
    TestProbe<StatusReply<Boolean>> reply = probe();
    handle(new Control.Conciliate(ConciliationStrategy.USER, reply.getRef()));
    assertEquals(false, value(reply));
    handle(new Control.Conciliate(ConciliationStrategy.STOP, reply.getRef()));
    assertEquals(true, value(reply));
  }

  // ---------------------------------------------------------------- answers with wait

  @Test
  void startApplicationWaitsForItsJob() {
    TestProbe<StatusReply<Boolean>> reply = probe();
    assertEquals(List.of(startOn("app:p1", "a")),
        handle(new Control.StartApplication(CONFIG, "app", true, reply.getRef())));
    f.report("app:p1", "a", STARTING);
    step();
    assertEquals(1, waiters.size(), "not answered while the job runs");
    f.report("app:p1", "a", RUNNING);
    step();
    assertEquals(true, value(reply));
    assertTrue(waiters.isEmpty());
  }

  @Test
  void startApplicationWithAFailureAnswersAFault() {
    TestProbe<StatusReply<Boolean>> reply = probe();
    handle(new Control.StartApplication(CONFIG, "app", true, reply.getRef()));
    f.report("app:p1", "a", STARTING);
    f.report("app:p1", "a", FATAL);
    step();
    assertEquals("ABNORMAL_TERMINATION: app", fault(reply));
  }

  @Test
  void stopApplicationWaitsForItsJob() {
    f.running("app:p1", "a", 10);
    f.running("app:p2", "b", 10);
    TestProbe<StatusReply<Boolean>> reply = probe();
    assertEquals(List.of(stopOn("app:p1", "a")), handle(new Control.StopApplication("app", true, reply.getRef())));
    f.report("app:p1", "a", STOPPED);
    assertEquals(List.of(stopOn("app:p2", "b")), step());
    assertFalse(waiters.isEmpty());
    f.report("app:p2", "b", STOPPED);
    step();
    assertEquals(true, value(reply));
  }

  @Test
  void startProcessWithAFailureAnswersAFault() {
    TestProbe<StatusReply<Boolean>> reply = probe();
    handle(new Control.StartProcess(CONFIG, "app:p2", "", true, reply.getRef()));
    f.report("app:p2", "a", STARTING);
    f.report("app:p2", "a", FATAL);
    step();
    assertEquals("ABNORMAL_TERMINATION: app:p2", fault(reply));
  }

  @Test
  void restartProcessWaitsForTheStopThenTheStart() {
    f.running("app:p2", "b", 10);
    TestProbe<StatusReply<Boolean>> reply = probe();
    assertEquals(List.of(stopOn("app:p2", "b")),
        handle(new Control.RestartProcess(CONFIG, "app:p2", "", true, reply.getRef())));
    f.report("app:p2", "b", STOPPED);
    assertEquals(List.of(startOn("app:p2", "a")), step());
    assertEquals(1, waiters.size(), "the stop is over, not the start");
    f.report("app:p2", "a", STARTING);
    f.report("app:p2", "a", RUNNING);
    step();
    assertEquals(true, value(reply));
  }

  @Test
  void aRequestMergedIntoAnotherJobIsAnsweredWithThatJob() {
    TestProbe<StatusReply<Boolean>> first = probe();
    TestProbe<StatusReply<Boolean>> second = probe();
    handle(new Control.StartApplication(CONFIG, "app", true, first.getRef()));
    assertEquals(List.of(startOn("app:p2", "a")),
        handle(new Control.StartProcess(CONFIG, "app:p2", "", true, second.getRef())));
    assertEquals(1, f.jobs.starting().size());
    f.report("app:p2", "a", RUNNING);
    step();
    assertEquals(2, waiters.size(), "p1 still starting in the same job");
    f.report("app:p1", "a", RUNNING);
    step();
    assertEquals(true, value(first));
    assertEquals(true, value(second));
  }
}
