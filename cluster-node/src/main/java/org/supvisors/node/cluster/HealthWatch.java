package org.supvisors.node.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Adapter;
import org.supvisors.node.instance.Instances;

/**
 * Keeps {@link NodeHealth} up to date from the instances table, and answers the liveness check's pings: an answer
 * proves that the node's actors are scheduled.
 */
public final class HealthWatch {

  public sealed interface Command {}

  /** The liveness check's question. */
  public record Ping(ActorRef<Pong> replyTo) implements Command {}

  public record Pong() {}

  private record Table(Instances.View view) implements Command {}

  private HealthWatch() {}

  public static Behavior<Command> create(String localIdentifier, ActorRef<Instances.Command> instances) {
    return Behaviors.setup(context -> {
      NodeHealth health = NodeHealth.get(Adapter.toClassic(context.getSystem()));
      instances.tell(new Instances.Subscribe(context.messageAdapter(Instances.View.class, Table::new)));
      health.watchedBy(context.getSelf());
      return Behaviors.receive(Command.class)
          .onMessage(Table.class, t -> onTable(health, localIdentifier, t))
          .onMessage(Ping.class, HealthWatch::onPing)
          .build();
    });
  }

  private static Behavior<Command> onTable(NodeHealth health, String localIdentifier, Table table) {
    table.view().get(localIdentifier).ifPresent(health::update);
    return Behaviors.same();
  }

  private static Behavior<Command> onPing(Ping ping) {
    ping.replyTo().tell(new Pong());
    return Behaviors.same();
  }
}
