package org.supvisors.node.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.Done;
import akka.actor.CoordinatedShutdown;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.pattern.StatusReply;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.supvisors.node.context.Context;
import org.supvisors.node.context.ContextView;
import org.supvisors.node.context.ProcessStatus;
import org.supvisors.node.testkit.TestKitExtension;
import org.supvisors.protocol.LocalProcessInfo;
import org.supvisors.protocol.ProcessState;
import org.supvisors.protocol.StartingStrategy;
import org.supvisors.rules.InstanceDirectory;
import org.supvisors.rules.Rules;
import org.supvisors.rules.RulesLoader;

/** The downed node stops what the Master fails over, and only when it is downed. */
class DowningStopTest {

  @RegisterExtension static final TestKitExtension testKit = new TestKitExtension();

  private static final Rules RULES = Rules.resolve(
      RulesLoader.fromString("rules.xml", """
          <root>
            <application name="app">
              <programs>
                <program name="moved"><running_failure_strategy>RESTART_PROCESS</running_failure_strategy></program>
                <program name="kept"><running_failure_strategy>CONTINUE</running_failure_strategy></program>
              </programs>
            </application>
          </root>
          """),
      InstanceDirectory.of("a", "b"), StartingStrategy.CONFIG);

  private final TestProbe<Context.Command> processes = testKit.kit().createTestProbe();
  private final TestProbe<LocalCommands.Command> commands = testKit.kit().createTestProbe();
  private final DowningStop task = new DowningStop("b", processes.getRef(), commands.getRef(), Duration.ofSeconds(3),
      testKit.kit().system().scheduler());

  private static ProcessStatus runningOnB(String name) {
    return ProcessStatus.unknown("app", name).update("b",
        new LocalProcessInfo(name, "app", ProcessState.RUNNING, 10, 0, 20, 1234, "", "", true, 1, 10, "", false, name, 0),
        20);
  }

  private static ContextView view() {
    Map<String, ProcessStatus> statuses = new LinkedHashMap<>();
    statuses.put("app:moved", runningOnB("moved"));
    statuses.put("app:kept", runningOnB("kept"));
    return new ContextView(statuses, Map.of(), RULES);
  }

  @Test
  void downedItStopsWhatIsFailedOverAndWaitsForTheStops() throws Exception {
    CompletableFuture<Done> done = task.run(Optional.of(CoordinatedShutdown.clusterDowningReason()))
        .toCompletableFuture();
    processes.expectMessageClass(Context.GetView.class).replyTo().tell(view());
    LocalCommands.StopProcesses stop = commands.expectMessageClass(LocalCommands.StopProcesses.class);
    assertEquals(List.of("app:moved"), stop.namespecs());
    commands.expectNoMessage(Duration.ofMillis(50));
    assertEquals(false, done.isDone(), "the task waits for the stops");
    stop.replyTo().tell(StatusReply.success(true));
    assertEquals(Done.getInstance(), done.get(3, TimeUnit.SECONDS));
  }

  @Test
  void aFailureDoesNotHoldTheShutdown() throws Exception {
    CompletableFuture<Done> done = task.run(Optional.of(CoordinatedShutdown.clusterDowningReason()))
        .toCompletableFuture();
    processes.expectMessageClass(Context.GetView.class).replyTo().tell(view());
    commands.expectMessageClass(LocalCommands.StopProcesses.class).replyTo()
        .tell(StatusReply.error("ABNORMAL_TERMINATION: app:moved"));
    assertEquals(Done.getInstance(), done.get(3, TimeUnit.SECONDS));
  }

  @Test
  void anyOtherShutdownKeepsEveryProcess() throws Exception {
    for (Optional<CoordinatedShutdown.Reason> reason : List.of(Optional.<CoordinatedShutdown.Reason>empty(),
        Optional.of(CoordinatedShutdown.clusterLeavingReason()), Optional.of(CoordinatedShutdown.jvmExitReason()),
        Optional.of(CoordinatedShutdown.actorSystemTerminateReason()))) {
      assertEquals(Done.getInstance(), task.run(reason).toCompletableFuture().get(3, TimeUnit.SECONDS));
    }
    processes.expectNoMessage(Duration.ofMillis(100));
    commands.expectNoMessage(Duration.ofMillis(10));
  }
}
