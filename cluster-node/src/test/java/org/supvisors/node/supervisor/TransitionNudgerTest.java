package org.supvisors.node.supervisor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.typed.ActorRef;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.supvisors.node.testkit.TestKitExtension;
import org.supvisors.protocol.SupervisorState;

class TransitionNudgerTest {

  @RegisterExtension static final TestKitExtension testKit = new TestKitExtension();

  /** A client whose getState only counts calls: the nudger uses nothing else. */
  private static SupervisorClient countingClient(AtomicInteger calls) {
    return (SupervisorClient) java.lang.reflect.Proxy.newProxyInstance(
        SupervisorClient.class.getClassLoader(), new Class<?>[] {SupervisorClient.class},
        (proxy, method, args) -> {
          if (method.getName().equals("getState")) {
            calls.incrementAndGet();
            return CompletableFuture.completedFuture(SupervisorState.RUNNING);
          }
          throw new UnsupportedOperationException(method.getName());
        });
  }

  private static TransitionNudger.Observed event(String name) {
    return new TransitionNudger.Observed(new SupervisorEvent(
        name, Map.of(), Map.of("groupname", "g", "processname", "p"), ""));
  }

  @Test
  void nudgesWhileAProcessIsInTransitionAndStopsWhenItEnds() throws InterruptedException {
    AtomicInteger calls = new AtomicInteger();
    ActorRef<TransitionNudger.Command> nudger = testKit.kit().spawn(TransitionNudger.create(countingClient(calls)));
    nudger.tell(event("PROCESS_STATE_RUNNING"));
    Thread.sleep(200);
    assertTrue(calls.get() == 0, "no nudge without a stopping process");
    nudger.tell(event("PROCESS_STATE_STOPPING"));
    long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    while (calls.get() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertTrue(calls.get() >= 3, "nudged while stopping: " + calls.get());
    nudger.tell(event("PROCESS_STATE_STOPPED"));
    Thread.sleep(100);
    int after = calls.get();
    Thread.sleep(300);
    assertTrue(calls.get() - after <= 1, "no more nudges once stopped");
    nudger.tell(event("PROCESS_STATE_STARTING"));
    deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    while (calls.get() < after + 3 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertTrue(calls.get() >= after + 3, "nudged while starting");
    nudger.tell(event("PROCESS_STATE_RUNNING"));
  }
}
