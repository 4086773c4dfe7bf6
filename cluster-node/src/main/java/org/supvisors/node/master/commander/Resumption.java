package org.supvisors.node.master.commander;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Which jobs a new Master takes over: those the cluster holds ({@link JobReplica}), or those of its
 * node's journal. The cluster's are the latest the previous Master wrote to a majority of the
 * nodes, whatever node it ran on; a journal is the history of the Masters that ran on the nodes
 * that share it.
 */
final class Resumption {

  /**
   * @param waiting the requests of the previous Master still waiting for their jobs
   * @param why what was chosen, to log (empty: nothing to say)
   */
  record Choice(Jobs jobs, List<ReplicatedJobs.Waiting> waiting, String why) {}

  private Resumption() {}

  /**
   * <ul>
   *   <li>the cluster holds jobs: they are the latest, unless a journal shared by every node has
   *       newer ones (the previous Master died between its journal and its replicas); the resume
   *       window does not apply, since the cluster held them until now;
   *   <li>the cluster holds none (every node started afresh, e.g. after {@code restart()}): the
   *       journal's, if younger than the resume window and not a per-node journal of a system of
   *       several instances (it may come from a Master that others followed since).
   * </ul>
   *
   * @param journal the jobs of the journal, {@code journalAge} ms old
   * @param cluster what the cluster holds; null or empty when it holds nothing
   * @param perNodeJournal the journal is this node's own and other instances may have been Master
   */
  static Choice choose(Jobs journal, long journalAge, Optional<ReplicatedJobs> cluster, boolean perNodeJournal,
      Duration window) {
    if (cluster != null && cluster.isPresent()) {
      ReplicatedJobs held = cluster.get();
      if (!perNodeJournal && journalAge <= window.toMillis() && journal.updatedAt() > held.jobs().updatedAt()) {
        return new Choice(journal.withIdsAbove(held.jobs()), held.waiting(), "jobs of the journal, newer than the cluster's");
      }
      return new Choice(held.jobs().withIdsAbove(journal), held.waiting(),
          "jobs of the cluster, written by the Master on " + held.master());
    }
    if (journalAge > window.toMillis()) {
      return new Choice(journal.forgotten(), List.of(),
          journal.equals(journal.forgotten()) ? "" : "jobs of the journal are " + journalAge / 1000 + " s old: dropped");
    }
    if (perNodeJournal) {
      return new Choice(journal.forgotten(), List.of(), journal.equals(journal.forgotten()) ? ""
          : "jobs of this node's journal dropped: the cluster holds none, so they may be of a Master followed since");
    }
    return new Choice(journal, List.of(), "");
  }

  /** A command of a previous Master seen taking effect, whose process is still where it was seen. */
  static boolean stillStands(Model model, ProcessCommand command) {
    return command.seen() && model.isRunning(command.identifier())
        && model.process(command.namespec()).map(s -> s.infos().get(command.identifier()))
            .map(info -> !info.state().isStopped() || command.waitExit()).orElse(false);
  }
}
