package org.supvisors.node.context;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import org.supvisors.protocol.LocalProcessInfo;
import org.supvisors.protocol.ProcessState;

/**
 * One process over every instance: applies what each instance reports in the order the
 * {@link Context} passes it, keeps the {@link ProcessStatus}, and reports every change to the
 * table and to its application.
 */
public final class ProcessActor extends AbstractBehavior<ProcessActor.Command> {

  public sealed interface Command {}

  /** Instance {@code identifier} reports the process; {@code now} is the local reception time. */
  public record Apply(String identifier, LocalProcessInfo info, double now) implements Command {}

  /** The process no longer exists on that instance. */
  public record Remove(String identifier, double now) implements Command {}

  /** That instance is lost. */
  public record Lost(String identifier, double now) implements Command {}

  /** Answered with {@link Context.Flushed} once what came before is applied and reported. */
  public record Flush(String source) implements Command {}

  /** The Starter or Stopper gave up: show {@code state} until the next event. */
  public record Force(ProcessState state, String reason) implements Command {}

  private final ActorRef<Context.Command> table;
  private final ActorRef<ApplicationActor.Command> application;
  private final boolean required;
  private ProcessStatus status;

  public static Behavior<Command> create(
      String applicationName,
      String processName,
      boolean required,
      ActorRef<Context.Command> table,
      ActorRef<ApplicationActor.Command> application) {
    return Behaviors.setup(context ->
        new ProcessActor(context, ProcessStatus.unknown(applicationName, processName), required, table, application));
  }

  private ProcessActor(
      ActorContext<Command> context,
      ProcessStatus status,
      boolean required,
      ActorRef<Context.Command> table,
      ActorRef<ApplicationActor.Command> application) {
    super(context);
    this.status = status;
    this.required = required;
    this.table = table;
    this.application = application;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Apply.class, m -> changed(status.update(m.identifier(), m.info(), m.now())))
        .onMessage(Remove.class, m -> changed(status.remove(m.identifier(), m.now())))
        .onMessage(Lost.class, m -> changed(status.instanceLost(m.identifier(), m.now())))
        .onMessage(Force.class, m -> changed(status.force(m.state(), m.reason())))
        .onMessage(Flush.class, m -> { table.tell(new Context.Flushed(m.source())); return this; })
        .build();
  }

  private Behavior<Command> changed(ProcessStatus next) {
    if (next.equals(status)) {
      return this;
    }
    status = next;
    table.tell(new Context.ProcessChanged(status));
    application.tell(new ApplicationActor.ProcessUpdated(status.namespec(),
        status.infos().isEmpty()
            ? null
            : new ApplicationEvaluation.Member(status.displayedState(), status.expectedExit(), required)));
    return this;
  }
}
