package org.supvisors.node.master.commander;

import java.util.List;
import org.supvisors.node.master.Control;
import org.supvisors.protocol.ClusterSerializable;

/**
 * The commander's state as the cluster holds it ({@link JobReplica}): what a Master on any node
 * needs to resume the jobs of the previous one, and to answer the callers that wait for them.
 *
 * @param master the instance whose Master wrote it
 * @param jobs the jobs, as in the Master's journal
 * @param waiting the control requests waiting for their jobs to end ({@code wait=True})
 */
public record ReplicatedJobs(String master, Jobs jobs, List<Waiting> waiting) implements ClusterSerializable {

  public ReplicatedJobs {
    waiting = List.copyOf(waiting);
  }

  /**
   * A request answered when no job serves it any more. The request itself holds the caller's
   * address (the ask of the node that received it), so that the next Master answers it too.
   *
   * @param request the request identifier its jobs carry
   * @param control the request
   * @param chosen what the answer names: the process chosen by start_any_process, else empty
   */
  public record Waiting(long request, Control control, String chosen) {}
}
