package org.supvisors.node.master.commander;

import akka.actor.typed.ActorRef;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The commander's writes to its {@link JobReplica}, and what waits for them: the orders and the
 * answers of a step go once its jobs (and those of every step before) are on a majority of the
 * nodes, in the order of the steps. Used from the commander's thread only.
 */
final class ReplicaWrites {

  private final ActorRef<JobReplica.Command> replica;
  private final ActorRef<JobReplica.Written> replyTo;
  private long writes;
  /** What to do once a write, and every one before it, is done, by write number. */
  private final NavigableMap<Long, Runnable> waiting = new TreeMap<>();

  ReplicaWrites(ActorRef<JobReplica.Command> replica, ActorRef<JobReplica.Written> replyTo) {
    this.replica = replica;
    this.replyTo = replyTo;
  }

  /** Writes the state; {@code then} runs when it is written. */
  void write(ReplicatedJobs state, Runnable then) {
    waiting.put(++writes, then);
    replica.tell(new JobReplica.Write(state, writes, replyTo));
  }

  /** Runs {@code then} now, or after the writes in progress. */
  void after(Runnable then) {
    if (waiting.isEmpty()) {
      then.run();
    } else {
      waiting.merge(waiting.lastKey(), then, (first, second) -> () -> { first.run(); second.run(); });
    }
  }

  /**
   * A write is done (on a majority of the nodes, or given up after the timeout and left to gossip):
   * what waited for it and for the writes before it runs.
   */
  void onWritten(JobReplica.Written written) {
    Map<Long, Runnable> done = waiting.headMap(written.sequence(), true);
    List<Runnable> runs = List.copyOf(done.values());
    done.clear();
    runs.forEach(Runnable::run);
  }
}
