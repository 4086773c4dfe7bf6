package org.supvisors.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/** Result of get_strategies (note the hyphen in {@code auto-fencing}). */
public record Strategies(
    boolean autoFencing, StartingStrategy starting, ConciliationStrategy conciliation)
    implements WireStruct {

  @Override
  public Map<String, Object> toWire() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("auto-fencing", autoFencing);
    map.put("starting", starting.name());
    map.put("conciliation", conciliation.name());
    return map;
  }
}
