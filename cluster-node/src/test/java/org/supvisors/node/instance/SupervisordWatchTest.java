package org.supvisors.node.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import akka.actor.testkit.typed.javadsl.ManualTime;
import akka.actor.testkit.typed.javadsl.TestProbe;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.supvisors.node.config.InstanceAddress;
import org.supvisors.node.testkit.TestKitExtension;

class SupervisordWatchTest {

  @RegisterExtension static final TestKitExtension testKit = new TestKitExtension(ManualTime.config());

  private static final InstanceAddress REMOTE = new InstanceAddress("supv-02", "127.0.0.1", 61100, 61101, 61103, "127.0.0.1");
  private static final NodeLossSettings SETTINGS =
      new NodeLossSettings(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(3));

  private final ManualTime time = ManualTime.get(testKit.kit().system());
  private final TestProbe<InstanceActor.Command> instance = testKit.kit().createTestProbe();
  private final BlockingQueue<CompletableFuture<Boolean>> probes = new LinkedBlockingQueue<>();

  private void start(int generation) {
    testKit.kit().spawn(SupervisordWatch.create(REMOTE, address -> {
      CompletableFuture<Boolean> answer = new CompletableFuture<>();
      probes.add(answer);
      return answer;
    }, SETTINGS, instance.getRef(), generation));
  }

  private void answer(boolean alive) throws InterruptedException {
    CompletableFuture<Boolean> next = probes.poll(3, TimeUnit.SECONDS);
    if (next == null) {
      throw new AssertionError("not probed");
    }
    next.complete(alive);
    instance.expectNoMessage(Duration.ofMillis(30));
  }

  @Test
  void probesAtOnceAndAgainAfterEachAnswerUntilNoAnswer() throws InterruptedException {
    start(4);
    answer(true);
    assertNull(probes.poll());
    time.timePasses(Duration.ofSeconds(1));
    probes.poll(3, TimeUnit.SECONDS).complete(false);
    InstanceActor.SupervisordLost lost = instance.expectMessageClass(InstanceActor.SupervisordLost.class);
    assertEquals(4, lost.watch());
  }

  @Test
  void theGraceEndsTheWatchEvenIfTheSupervisordAnswers() throws InterruptedException {
    start(1);
    for (int i = 0; i < 2; i++) {
      answer(true);
      time.timePasses(Duration.ofSeconds(1));
    }
    answer(true);
    time.timePasses(Duration.ofSeconds(1));
    assertEquals(1, instance.expectMessageClass(InstanceActor.SupervisordLost.class).watch());
  }

  @Test
  void aFailedProbeIsNoAnswer() {
    testKit.kit().spawn(SupervisordWatch.create(REMOTE, address -> CompletableFuture.failedFuture(new RuntimeException("boom")),
        SETTINGS, instance.getRef(), 2));
    assertEquals(2, instance.expectMessageClass(InstanceActor.SupervisordLost.class).watch());
  }
}
