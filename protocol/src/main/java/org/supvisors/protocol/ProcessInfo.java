package org.supvisors.protocol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A process's synthetic status over all instances: result of get_process_info and body of the
 * {@code process} event. {@code state} is the displayed state (a forced state when the Starter or
 * Stopper gave up, else the synthetic one); {@code identifiers} lists the instances where it runs.
 */
public record ProcessInfo(
    String applicationName,
    String processName,
    ProcessState state,
    boolean expectedExit,
    double lastEventTime,
    List<String> identifiers,
    String extraArgs)
    implements WireStruct, ClusterSerializable {

  public ProcessInfo {
    identifiers = List.copyOf(identifiers);
  }

  /** {@code group:name}, or {@code name} alone when both are the same, as Supervisor writes it. */
  public String namespec() {
    return Namespec.of(applicationName, processName);
  }

  @Override
  public Map<String, Object> toWire() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("application_name", applicationName);
    map.put("process_name", processName);
    map.put("statecode", state.code());
    map.put("statename", state.name());
    map.put("expected_exit", expectedExit);
    map.put("last_event_time", lastEventTime);
    map.put("identifiers", identifiers);
    map.put("extra_args", extraArgs);
    return map;
  }
}
