package org.supvisors.node.context;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import java.util.LinkedHashMap;
import java.util.Map;
import org.supvisors.protocol.ApplicationInfo;

/**
 * One application (a supervisord group): re-evaluates its state and failures from its processes
 * on every change of one of them, and reports the result to the {@link Context}.
 */
public final class ApplicationActor extends AbstractBehavior<ApplicationActor.Command> {

  public sealed interface Command {}

  /** A process of the application changed; {@code member} is {@code null} when it is gone. */
  public record ProcessUpdated(String namespec, ApplicationEvaluation.Member member) implements Command {}

  private final String name;
  private final boolean managed;
  private final ActorRef<Context.Command> table;
  private final Map<String, ApplicationEvaluation.Member> members = new LinkedHashMap<>();
  private ApplicationInfo info;

  public static Behavior<Command> create(String name, boolean managed, ActorRef<Context.Command> table) {
    return Behaviors.setup(context -> new ApplicationActor(context, name, managed, table));
  }

  private ApplicationActor(ActorContext<Command> context, String name, boolean managed, ActorRef<Context.Command> table) {
    super(context);
    this.name = name;
    this.managed = managed;
    this.table = table;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder().onMessage(ProcessUpdated.class, this::onProcessUpdated).build();
  }

  private Behavior<Command> onProcessUpdated(ProcessUpdated updated) {
    if (updated.member() == null) {
      members.remove(updated.namespec());
    } else {
      members.put(updated.namespec(), updated.member());
    }
    ApplicationInfo next = ApplicationEvaluation.evaluate(name, managed, members.values());
    // A removed process is always reported: the table deletes the application with its last process.
    if (!next.equals(info) || updated.member() == null) {
      info = next;
      table.tell(new Context.ApplicationChanged(info));
    }
    return this;
  }
}
