package org.supvisors.node.supervisor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.supvisors.protocol.Coded;
import org.supvisors.protocol.LocalProcessInfo;
import org.supvisors.protocol.Namespec;
import org.supvisors.protocol.ProcessState;

/**
 * The driver's current picture of the local processes and the sequence of the events that built
 * it. Owned by the driver actor alone (not thread-safe); every change goes through here so that each
 * emitted event takes the next number.
 */
final class LocalProcesses {

  private static final Comparator<LocalProcessInfo> SUPERVISOR_ORDER =
      Comparator.comparing(LocalProcessInfo::group).thenComparing(LocalProcessInfo::name);

  private final String source;
  /** The node's own namespec (its event listener), never part of the picture; empty when none. */
  private final String ownNamespec;
  private final LocalInfoBuilder builder;
  private ConfigIndex config = ConfigIndex.EMPTY;
  private final Map<String, LocalProcessInfo> processes = new LinkedHashMap<>();
  private long seq;

  LocalProcesses(String source, String ownNamespec, LocalInfoBuilder builder) {
    this.source = source;
    this.ownNamespec = ownNamespec;
    this.builder = builder;
  }

  ConfigIndex config() {
    return config;
  }

  void useConfig(List<ProcessConfig> configs) {
    if (configs != null) {
      config = new ConfigIndex(configs);
    }
  }

  LocalProcessInfo get(String namespec) {
    return processes.get(namespec);
  }

  Map<String, LocalProcessInfo> view() {
    return Collections.unmodifiableMap(processes);
  }

  /** Whether an event about this process can be applied without reading the configuration first. */
  boolean knows(String namespec) {
    return config.knows(namespec) || processes.containsKey(namespec);
  }

  /**
   * The configuration of a process; a group removed from the configuration but still present in
   * supervisord keeps what its last record said.
   */
  ProcessSetup setupOf(String namespec, String processName) {
    return config.find(namespec).orElseGet(() -> {
      LocalProcessInfo last = processes.get(namespec);
      return last == null ? ProcessSetup.unknown(processName)
          : new ProcessSetup(last.programName(), last.processIndex(), last.startsecs(), last.stopwaitsecs(), null);
    });
  }

  /** Records for a getAllProcessInfo answer, keyed by namespec, without applying them. */
  Map<String, LocalProcessInfo> fromSupervisor(List<Map<String, Object>> structs) {
    Map<String, LocalProcessInfo> map = new LinkedHashMap<>();
    for (Map<String, Object> struct : structs) {
      String name = (String) struct.get("name");
      String namespec = Namespec.of((String) struct.get("group"), name);
      if (namespec.equals(ownNamespec)) {
        continue;
      }
      map.put(namespec, builder.fromSupervisor(struct, setupOf(namespec, name)));
    }
    return map;
  }

  /** Replaces the whole picture and numbers the snapshot that tells it. */
  LocalProcessEvent.Snapshot reset(Map<String, LocalProcessInfo> infos) {
    processes.clear();
    processes.putAll(infos);
    seq++;
    return current();
  }

  /** The picture as it is, with the sequence of the last event emitted (nothing new is numbered). */
  LocalProcessEvent.Snapshot current() {
    List<LocalProcessInfo> list = new ArrayList<>(processes.values());
    list.sort(SUPERVISOR_ORDER);
    return new LocalProcessEvent.Snapshot(source, seq, list);
  }

  LocalProcessEvent.Updated update(LocalProcessInfo info) {
    processes.put(info.namespec(), info);
    return new LocalProcessEvent.Updated(source, ++seq, info);
  }

  List<LocalProcessEvent> apply(List<ProcessDiff.Change> changes) {
    List<LocalProcessEvent> events = new ArrayList<>();
    for (ProcessDiff.Change change : changes) {
      if (change instanceof ProcessDiff.Changed c) {
        events.add(update(c.info()));
      } else {
        processes.remove(change.namespec());
        events.add(new LocalProcessEvent.Removed(source, ++seq, change.namespec()));
      }
    }
    return events;
  }

  /** The differences between the picture and a getAllProcessInfo answer. */
  List<ProcessDiff.Change> differences(List<Map<String, Object>> structs, boolean compareTimes) {
    return ProcessDiff.between(processes, fromSupervisor(structs), compareTimes);
  }

  /**
   * Applies a PROCESS_STATE_* event; empty for a state this node does not know.
   *
   * @param now the local clock, in seconds: events carry no time
   * @param spawnerr supervisord's spawnerr read after the event, or {@code null}
   */
  Optional<LocalProcessEvent.Updated> applyStateEvent(SupervisorEvent event, long now, String spawnerr) {
    String stateName = event.eventName().substring(event.eventName().lastIndexOf('_') + 1);
    Optional<ProcessState> state = Coded.names(ProcessState.class).contains(stateName)
        ? Optional.of(ProcessState.valueOf(stateName)) : Optional.empty();
    String namespec = namespec(event);
    if (namespec.equals(ownNamespec)) {
      return Optional.empty();
    }
    return state.map(s -> update(builder.fromEvent(s, event.payload(), processes.get(namespec),
        setupOf(namespec, event.payload().get("processname")), now, spawnerr)));
  }

  /** Applies what supervisord says of one group, after it was added or removed. */
  List<LocalProcessEvent> applyGroup(String group, List<Map<String, Object>> structs) {
    Map<String, LocalProcessInfo> now = fromSupervisor(structs);
    now.values().removeIf(info -> !info.group().equals(group));
    return apply(ProcessDiff.between(select(info -> info.group().equals(group)), now, true));
  }

  /**
   * Whether the event leaves a spawn error that only supervisord can tell (Supervisor sets it on
   * BACKOFF, FATAL and an unexpected exit, and the wire's {@code expected} is {@code not spawnerr}).
   */
  static boolean setsSpawnError(SupervisorEvent event) {
    return switch (event.eventName()) {
      case "PROCESS_STATE_BACKOFF", "PROCESS_STATE_FATAL" -> true;
      case "PROCESS_STATE_EXITED" -> "0".equals(event.payload().get("expected"));
      default -> false;
    };
  }

  static String namespec(SupervisorEvent event) {
    String name = event.payload().getOrDefault("processname", "");
    return Namespec.of(event.payload().getOrDefault("groupname", name), name);
  }

  /** The records of the picture that satisfy the filter, keyed by namespec. */
  private Map<String, LocalProcessInfo> select(Predicate<LocalProcessInfo> filter) {
    Map<String, LocalProcessInfo> map = new LinkedHashMap<>();
    processes.forEach((ns, info) -> {
      if (filter.test(info)) {
        map.put(ns, info);
      }
    });
    return map;
  }
}
