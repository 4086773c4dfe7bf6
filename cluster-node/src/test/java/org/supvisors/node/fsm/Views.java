package org.supvisors.node.fsm;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.supvisors.node.instance.Instances;
import org.supvisors.protocol.InstanceInfo;
import org.supvisors.protocol.InstanceState;
import org.supvisors.protocol.StateModes;
import org.supvisors.protocol.SupvisorsState;

/** Builds instance-table snapshots for state machine tests. */
public final class Views {

  private final Map<String, InstanceInfo> infos = new LinkedHashMap<>();
  private final Set<String> detached = new HashSet<>();

  public static Views of() {
    return new Views();
  }

  public Views with(String id, InstanceState state) {
    return with(id, state, StateModes.OFF);
  }

  public Views with(String id, InstanceState state, StateModes modes) {
    infos.put(id, new InstanceInfo(id, "127.0.0.1", 61000, state, 1, 0, 0, 0, false, modes));
    return this;
  }

  /** An instance that declares itself Master in the given state. */
  public Views master(String id, SupvisorsState state) {
    return with(id, InstanceState.RUNNING, new StateModes(state, false, id, false, false));
  }

  /** A SILENT instance whose node is away while its supervisord answers: its processes are kept. */
  public Views detached(String id) {
    with(id, InstanceState.SILENT);
    detached.add(id);
    return this;
  }

  public Instances.View build() {
    return new Instances.View(new LinkedHashMap<>(infos), detached);
  }
}
