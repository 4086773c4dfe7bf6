package org.supvisors.node.cluster;

import akka.actor.ActorSystem;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Akka Management readiness check ({@code /ready}): the node answers Supvisors requests for the whole system, i.e.
 * supervisord answers, the local model is synchronized and a Master is known (see {@link NodeHealth#ready()}).
 */
public final class SupvisorsReadiness implements Supplier<CompletionStage<Boolean>> {

  private final NodeHealth health;

  public SupvisorsReadiness(ActorSystem system) {
    this.health = NodeHealth.get(system);
  }

  @Override
  public CompletionStage<Boolean> get() {
    return CompletableFuture.completedFuture(health.ready());
  }
}
