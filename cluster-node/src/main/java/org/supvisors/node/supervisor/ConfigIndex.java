package org.supvisors.node.supervisor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The process configurations of the local supervisord, with the program each process belongs to.
 * Immutable, so that a stage running off the actor may read it.
 *
 * <p>Supervisor 4.2.5's getAllConfigInfo does not give the [program:x] section name, only the
 * process name (after process_name expansion) and the group. The rule used here, per group:
 * processes whose names differ only by a trailing number (after an optional '_', '-' or '.'),
 * and whose program settings are alike (command with its numbers masked, priority, autostart,
 * startsecs, stopwaitsecs, exitcodes), form one homogeneous program named after the common prefix
 * (the group name when the prefix is empty); their process_index is their rank by that number.
 * Any other process is a program of its own, named after the process, index 0. This is right for
 * [program:x] with numprocs and the usual process_name "%(program_name)s_%(process_num)d", and for
 * [group:g] sections gathering programs; it names the program after the process when a
 * process_name does not start with its program name.
 */
public final class ConfigIndex {

  private static final Pattern NUMBERED = Pattern.compile("^(.*?)[_\\-.]?(\\d+)$");

  public static final ConfigIndex EMPTY = new ConfigIndex(List.of());

  private final Map<String, ProcessSetup> setups;

  public ConfigIndex(List<ProcessConfig> configs) {
    Map<String, List<ProcessConfig>> byGroup = new LinkedHashMap<>();
    for (ProcessConfig config : configs) {
      byGroup.computeIfAbsent(config.group(), g -> new ArrayList<>()).add(config);
    }
    Map<String, ProcessSetup> map = new HashMap<>();
    byGroup.forEach((group, members) -> map.putAll(programsOf(group, members)));
    this.setups = Map.copyOf(map);
  }

  public Optional<ProcessSetup> find(String namespec) {
    return Optional.ofNullable(setups.get(namespec));
  }

  public boolean knows(String namespec) {
    return setups.containsKey(namespec);
  }

  private static Map<String, ProcessSetup> programsOf(String group, List<ProcessConfig> members) {
    Map<String, List<ProcessConfig>> classes = new LinkedHashMap<>();
    for (ProcessConfig config : members) {
      classes.computeIfAbsent(classKey(config), k -> new ArrayList<>()).add(config);
    }
    Map<String, ProcessSetup> map = new HashMap<>();
    for (List<ProcessConfig> programs : classes.values()) {
      if (programs.size() == 1) {
        ProcessConfig config = programs.get(0);
        map.put(config.namespec(), setup(config, config.name(), 0));
      } else {
        String prefix = stem(programs.get(0).name());
        String program = prefix.isEmpty() ? group : prefix;
        programs.sort(Comparator.comparingLong((ProcessConfig c) -> number(c.name())).thenComparing(ProcessConfig::name));
        for (int index = 0; index < programs.size(); index++) {
          map.put(programs.get(index).namespec(), setup(programs.get(index), program, index));
        }
      }
    }
    return map;
  }

  /** Processes sharing this key are taken as one homogeneous program; an unnumbered name is unique. */
  private static String classKey(ProcessConfig config) {
    Matcher m = NUMBERED.matcher(config.name());
    if (!m.matches()) {
      return "name\u0000" + config.name();
    }
    return String.join("\u0000", "program", m.group(1), config.command().replaceAll("\\d+", "#"),
        String.valueOf(config.priority()), String.valueOf(config.autostart()),
        String.valueOf(config.startsecs()), String.valueOf(config.stopwaitsecs()),
        config.exitcodes().toString());
  }

  static String stem(String name) {
    Matcher m = NUMBERED.matcher(name);
    return m.matches() ? m.group(1) : name;
  }

  private static long number(String name) {
    Matcher m = NUMBERED.matcher(name);
    // Numbers too long for a long are compared as equal and then by name.
    return m.matches() && m.group(2).length() < 18 ? Long.parseLong(m.group(2)) : 0;
  }

  private static ProcessSetup setup(ProcessConfig config, String program, int index) {
    return new ProcessSetup(program, index, config.startsecs(), config.stopwaitsecs(), config.exitcodes());
  }
}
