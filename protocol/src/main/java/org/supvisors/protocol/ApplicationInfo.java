package org.supvisors.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/** An application's status: result of get_application_info and body of the {@code application} event. */
public record ApplicationInfo(
    String applicationName,
    boolean managed,
    ApplicationState state,
    boolean majorFailure,
    boolean minorFailure)
    implements WireStruct, ClusterSerializable {

  @Override
  public Map<String, Object> toWire() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("application_name", applicationName);
    map.put("managed", managed);
    map.put("statecode", state.code());
    map.put("statename", state.name());
    map.put("major_failure", majorFailure);
    map.put("minor_failure", minorFailure);
    return map;
  }
}
