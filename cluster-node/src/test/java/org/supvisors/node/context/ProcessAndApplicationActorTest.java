package org.supvisors.node.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.supvisors.node.testkit.TestKitExtension;
import org.supvisors.protocol.ApplicationInfo;
import org.supvisors.protocol.ApplicationState;
import org.supvisors.protocol.ProcessState;

/** The process and application actors report what the synthetic-state and application tables say. */
class ProcessAndApplicationActorTest {

  @RegisterExtension static final TestKitExtension testKit = new TestKitExtension();

  private final TestProbe<Context.Command> table = testKit.kit().createTestProbe();

  @Test
  void aProcessActorReportsEachChangeToTheTableAndItsApplication() {
    TestProbe<ApplicationActor.Command> application = testKit.kit().createTestProbe();
    ActorRef<ProcessActor.Command> process =
        testKit.kit().spawn(ProcessActor.create("app", "p", true, table.getRef(), application.getRef()));

    process.tell(new ProcessActor.Apply("a", ProcessStatusTest.info(ProcessState.RUNNING), 1.0));
    ProcessStatus running = table.expectMessageClass(Context.ProcessChanged.class).status();
    assertEquals(ProcessState.RUNNING, running.state());
    ApplicationActor.ProcessUpdated update = application.expectMessageClass(ApplicationActor.ProcessUpdated.class);
    assertEquals(new ApplicationEvaluation.Member(ProcessState.RUNNING, true, true), update.member());

    process.tell(new ProcessActor.Apply("a", ProcessStatusTest.info(ProcessState.RUNNING), 1.0));
    table.expectNoMessage(Duration.ofMillis(100));

    process.tell(new ProcessActor.Lost("a", 2.0));
    ProcessStatus lost = table.expectMessageClass(Context.ProcessChanged.class).status();
    assertEquals(ProcessState.FATAL, lost.state());
    assertFalse(lost.expectedExit());
    assertEquals(ProcessState.FATAL, application.expectMessageClass(ApplicationActor.ProcessUpdated.class).member().displayedState());

    process.tell(new ProcessActor.Force(ProcessState.STOPPED, "process STOPPED event not received in time"));
    assertEquals(ProcessState.STOPPED, table.expectMessageClass(Context.ProcessChanged.class).status().displayedState());
    application.expectMessageClass(ApplicationActor.ProcessUpdated.class);

    process.tell(new ProcessActor.Remove("a", 3.0));
    assertEquals(0, table.expectMessageClass(Context.ProcessChanged.class).status().infos().size());
    assertNull(application.expectMessageClass(ApplicationActor.ProcessUpdated.class).member());
  }

  @ParameterizedTest
  @MethodSource("org.supvisors.node.context.ApplicationEvaluationTest#rows")
  void anApplicationActorFollowsTheTable(
      List<ApplicationEvaluation.Member> members, ApplicationState state, boolean major, boolean minor) {
    ActorRef<ApplicationActor.Command> application =
        testKit.kit().spawn(ApplicationActor.create("app", true, table.getRef()));
    for (int i = 0; i < members.size(); i++) {
      application.tell(new ApplicationActor.ProcessUpdated("app:p" + i, members.get(i)));
    }
    ApplicationInfo expected = new ApplicationInfo("app", true, state, major, minor);
    // Intermediate evaluations may be reported first; the one with every member must come, and last.
    table.fishForMessage(Duration.ofSeconds(3), m ->
        m instanceof Context.ApplicationChanged changed && changed.info().equals(expected)
            ? akka.actor.testkit.typed.javadsl.FishingOutcomes.complete()
            : akka.actor.testkit.typed.javadsl.FishingOutcomes.continueAndIgnore());
    table.expectNoMessage(Duration.ofMillis(100));
  }
}
