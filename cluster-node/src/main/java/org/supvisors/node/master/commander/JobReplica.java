package org.supvisors.node.master.commander;

import akka.actor.ExtendedActorSystem;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Adapter;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.ClusterActorRefProvider;
import akka.cluster.ddata.Key;
import akka.cluster.ddata.LWWRegister;
import akka.cluster.ddata.LWWRegisterKey;
import akka.cluster.ddata.SelfUniqueAddress;
import akka.cluster.ddata.typed.javadsl.DistributedData;
import akka.cluster.ddata.typed.javadsl.Replicator;
import akka.cluster.ddata.typed.javadsl.ReplicatorMessageAdapter;
import java.time.Duration;
import java.util.Optional;

/**
 * The Master's jobs held by the whole cluster, with Akka Distributed Data: one last-writer-wins
 * register, written with a majority of the nodes and read from a majority by a new Master. A
 * per-node journal cannot hand the jobs to a Master on another node; the register can, as long as
 * a majority of the nodes written to survive. Owns nothing but the exchanges with the local
 * replicator; the commander decides what to write and what to do with what it reads.
 *
 * <p>Every node must run its replicator ({@link #startReplicator}) for the majorities to count it.
 * Outside a cluster (tests of a local actor system) the register is this actor's own memory.
 */
public final class JobReplica {

  public sealed interface Command {}

  /** Writes the state; {@code sequence} comes back in the answer, whatever the outcome. */
  public record Write(ReplicatedJobs state, long sequence, ActorRef<Written> replyTo) implements Command {}

  /**
   * The state is written locally; {@code majority} tells whether a majority of the nodes have it
   * (if not, the replicators' gossip spreads it later).
   */
  public record Written(long sequence, boolean majority) {}

  /** Reads the state from a majority of the nodes (this node's alone when they do not answer). */
  public record Read(ActorRef<ReadResult> replyTo) implements Command {}

  /**
   * @param state empty when no node holds one (the whole cluster started afresh)
   * @param majority whether a majority of the nodes answered
   */
  public record ReadResult(Optional<ReplicatedJobs> state, boolean majority) {}

  private record Updated(Replicator.UpdateResponse<LWWRegister<ReplicatedJobs>> response, long sequence,
      ActorRef<Written> replyTo) implements Command {}

  private record Got(Replicator.GetResponse<LWWRegister<ReplicatedJobs>> response, boolean majority,
      ActorRef<ReadResult> replyTo) implements Command {}

  private final ActorContext<Command> context;
  private final ReplicatorMessageAdapter<Command, LWWRegister<ReplicatedJobs>> replicator;
  private final SelfUniqueAddress node;
  private final Duration timeout;
  private final Key<LWWRegister<ReplicatedJobs>> key;

  /**
   * @param name the register's name: the persistence id of the commander's journal
   * @param timeout how long a majority may take to answer a write or a read
   */
  public static Behavior<Command> create(String name, Duration timeout) {
    return Behaviors.setup(context -> {
      if (!inCluster(context.getSystem())) {
        return standalone(Optional.empty());
      }
      return DistributedData.<Command, LWWRegister<ReplicatedJobs>>withReplicatorMessageAdapter(
          replicator -> new JobReplica(context, replicator, LWWRegisterKey.create(name), timeout).behavior());
    });
  }

  /** Starts this node's replicator, so that it holds the Master's jobs even if no Master ever runs here. */
  public static void startReplicator(ActorSystem<?> system) {
    if (inCluster(system)) {
      DistributedData.get(system);
    }
  }

  private JobReplica(ActorContext<Command> context,
      ReplicatorMessageAdapter<Command, LWWRegister<ReplicatedJobs>> replicator, Key<LWWRegister<ReplicatedJobs>> key,
      Duration timeout) {
    this.context = context;
    context.setLoggerName(JobReplica.class);
    this.replicator = replicator;
    this.node = DistributedData.get(context.getSystem()).selfUniqueAddress();
    this.timeout = timeout;
    this.key = key;
  }

  private Behavior<Command> behavior() {
    return Behaviors.receive(Command.class)
        .onMessage(Write.class, this::onWrite)
        .onMessage(Updated.class, this::onUpdated)
        .onMessage(Read.class, m -> read(m.replyTo(), true))
        .onMessage(Got.class, this::onGot)
        .build();
  }

  private Behavior<Command> onWrite(Write write) {
    ReplicatedJobs state = write.state();
    replicator.askUpdate(
        replyTo -> new Replicator.Update<>(key, LWWRegister.create(node, state), new Replicator.WriteMajority(timeout),
            replyTo, register -> register.withValue(node, state)),
        response -> new Updated(response, write.sequence(), write.replyTo()));
    return Behaviors.same();
  }

  private Behavior<Command> onUpdated(Updated updated) {
    boolean majority = updated.response() instanceof Replicator.UpdateSuccess;
    if (!majority) {
      context.getLog().warn("jobs of the Master not written to a majority of the nodes: {}",
          updated.response().getClass().getSimpleName());
    }
    updated.replyTo().tell(new Written(updated.sequence(), majority));
    return Behaviors.same();
  }

  private Behavior<Command> read(ActorRef<ReadResult> replyTo, boolean majority) {
    Replicator.ReadConsistency consistency = majority ? new Replicator.ReadMajority(timeout) : Replicator.readLocal();
    replicator.askGet(self -> new Replicator.Get<>(key, consistency, self),
        response -> new Got(response, majority, replyTo));
    return Behaviors.same();
  }

  private Behavior<Command> onGot(Got got) {
    if (got.response() instanceof Replicator.GetSuccess<LWWRegister<ReplicatedJobs>> success) {
      got.replyTo().tell(new ReadResult(Optional.of(success.get(key).getValue()), got.majority()));
    } else if (got.response() instanceof Replicator.NotFound) {
      got.replyTo().tell(new ReadResult(Optional.empty(), got.majority()));
    } else if (got.majority()) {
      context.getLog().warn("no majority of the nodes answered for the jobs of the Master: reading this node's");
      return read(got.replyTo(), false);
    } else {
      got.replyTo().tell(new ReadResult(Optional.empty(), false));
    }
    return Behaviors.same();
  }

  /** Outside a cluster: the register is this actor's memory, and every write is a majority. */
  private static Behavior<Command> standalone(Optional<ReplicatedJobs> state) {
    return Behaviors.receive(Command.class)
        .onMessage(Write.class, JobReplica::writeAlone)
        .onMessage(Read.class, m -> readAlone(m, state))
        .build();
  }

  private static Behavior<Command> writeAlone(Write write) {
    write.replyTo().tell(new Written(write.sequence(), true));
    return standalone(Optional.of(write.state()));
  }

  private static Behavior<Command> readAlone(Read read, Optional<ReplicatedJobs> state) {
    read.replyTo().tell(new ReadResult(state, true));
    return Behaviors.same();
  }

  private static boolean inCluster(ActorSystem<?> system) {
    return ((ExtendedActorSystem) Adapter.toClassic(system)).provider() instanceof ClusterActorRefProvider;
  }
}
