package org.supvisors.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A process as one supervisord knows it, extended with its program configuration: result of
 * get_local_process_info, and what each node shares about its own processes. Times are seconds.
 *
 * @param expected {@code not spawnerr} on the wire of get_local_process_info
 * @param exitExpected whether the last exit was expected (from the EXITED event or exitstatus)
 */
public record LocalProcessInfo(
    String name,
    String group,
    ProcessState state,
    long start,
    long stop,
    long now,
    int pid,
    String description,
    String spawnerr,
    boolean exitExpected,
    int startsecs,
    int stopwaitsecs,
    String extraArgs,
    boolean disabled,
    String programName,
    int processIndex)
    implements WireStruct, ClusterSerializable {

  public String namespec() {
    return Namespec.of(group, name);
  }

  @Override
  public Map<String, Object> toWire() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("name", name);
    map.put("group", group);
    map.put("state", state.code());
    map.put("statename", state.name());
    map.put("start", InstanceInfo.capInt(start));
    map.put("stop", InstanceInfo.capInt(stop));
    map.put("now", (double) InstanceInfo.capInt(now));
    map.put("pid", pid);
    map.put("description", description);
    map.put("spawnerr", spawnerr);
    map.put("expected", spawnerr.isEmpty());
    map.put("startsecs", startsecs);
    map.put("stopwaitsecs", stopwaitsecs);
    map.put("extra_args", extraArgs);
    map.put("disabled", disabled);
    map.put("program_name", programName);
    map.put("process_index", processIndex);
    return map;
  }
}
