package org.supvisors.node.supervisor;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import org.supvisors.protocol.ClusterSerializable;
import org.supvisors.protocol.LocalProcessInfo;

/**
 * What the driver tells the process model about the local supervisord's processes, numbered by a
 * per-node sequence so that every node can apply them in order and detect a gap. These events
 * travel to every node unchanged.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = LocalProcessEvent.Updated.class, name = "updated"),
  @JsonSubTypes.Type(value = LocalProcessEvent.Removed.class, name = "removed"),
  @JsonSubTypes.Type(value = LocalProcessEvent.Snapshot.class, name = "snapshot")
})
public sealed interface LocalProcessEvent extends ClusterSerializable {

  /** Identifier of the instance whose supervisord the event comes from. */
  String source();

  /** Strictly increasing per source, from 1; a snapshot carries the sequence it is consistent with. */
  long seq();

  /** A process changed (state change event, or a difference found by a poll or a reconcile). */
  record Updated(String source, long seq, LocalProcessInfo info) implements LocalProcessEvent {}

  /** A process no longer exists in supervisord (group removed, numprocs decreased). */
  record Removed(String source, long seq, String namespec) implements LocalProcessEvent {}

  /** Every process of the source at once: at start, after a reconcile that found differences, on request. */
  record Snapshot(String source, long seq, List<LocalProcessInfo> processes) implements LocalProcessEvent {
    public Snapshot {
      processes = List.copyOf(processes);
    }
  }
}
