package org.supvisors.node.supervisor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.supvisors.protocol.Namespec;

/**
 * The part of one supervisor.getAllConfigInfo entry the node uses. Supervisor 4.2.5 gives one entry
 * per process (groups flattened) with the process name and its group, but not the name of the
 * [program:x] section: see {@link ConfigIndex} for how the program is derived.
 *
 * @param exitcodes the expected exit statuses of the program
 * @param inUse whether the group is active (false for a group read by reloadConfig but not yet added)
 */
public record ProcessConfig(
    String name,
    String group,
    String command,
    int priority,
    boolean autostart,
    int startsecs,
    int stopwaitsecs,
    List<Integer> exitcodes,
    boolean inUse) {

  public ProcessConfig {
    exitcodes = List.copyOf(exitcodes);
  }

  public String namespec() {
    return Namespec.of(group, name);
  }

  /** Reads a getAllConfigInfo struct; missing keys take Supervisor's defaults. */
  public static ProcessConfig fromStruct(Map<String, Object> struct) {
    List<Integer> codes = new ArrayList<>();
    if (struct.get("exitcodes") instanceof Object[] array) {
      for (Object code : array) {
        codes.add(((Number) code).intValue());
      }
    } else {
      codes.add(0);
    }
    return new ProcessConfig(
        (String) struct.get("name"),
        (String) struct.get("group"),
        String.valueOf(struct.getOrDefault("command", "")),
        intOf(struct.get("process_prio"), 999),
        !Boolean.FALSE.equals(struct.get("autostart")),
        intOf(struct.get("startsecs"), 1),
        intOf(struct.get("stopwaitsecs"), 10),
        codes,
        !Boolean.FALSE.equals(struct.get("inuse")));
  }

  private static int intOf(Object value, int otherwise) {
    return value instanceof Number n ? n.intValue() : otherwise;
  }
}
