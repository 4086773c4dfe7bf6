package org.supvisors.node.cluster;

import akka.actor.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Akka Management liveness check ({@code /alive}): the node's actors answer a ping within the check's time. A node
 * that is alive but not synchronized is alive; only a wedged node is not.
 */
public final class SupvisorsLiveness implements Supplier<CompletionStage<Boolean>> {

  private static final Duration ASK_TIMEOUT = Duration.ofMillis(800);

  private final akka.actor.typed.ActorSystem<?> system;
  private final NodeHealth health;

  public SupvisorsLiveness(ActorSystem system) {
    this.system = akka.actor.typed.javadsl.Adapter.toTyped(system);
    this.health = NodeHealth.get(system);
  }

  @Override
  public CompletionStage<Boolean> get() {
    return health.watch()
        .map(watch -> AskPattern.<HealthWatch.Command, HealthWatch.Pong>ask(watch, HealthWatch.Ping::new,
            ASK_TIMEOUT, system.scheduler()).thenApply(pong -> true).exceptionally(failure -> false))
        .orElse(CompletableFuture.completedFuture(false));
  }
}
