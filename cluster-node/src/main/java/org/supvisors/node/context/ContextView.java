package org.supvisors.node.context;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.supvisors.protocol.ApplicationInfo;
import org.supvisors.protocol.LocalProcessInfo;
import org.supvisors.protocol.ProcessInfo;
import org.supvisors.rules.Rules;

/**
 * An immutable snapshot of the process model of a node, for queries: every process and
 * application in the order they were first seen, and the rules they were evaluated with. The
 * table builds a new one only after a change, so concurrent queries share it.
 */
public final class ContextView {

  private final Map<String, ProcessStatus> processes;
  private final Map<String, ApplicationInfo> applications;
  private final Rules rules;
  // Derived once, lazily: several query threads may race to build it, with the same result.
  private static final Comparator<ProcessInfo> SUPVISORS_ORDER =
      Comparator.comparing(ProcessInfo::applicationName).thenComparing(ProcessInfo::processName);

  private volatile List<ProcessInfo> processInfos;

  public ContextView(Map<String, ProcessStatus> processes, Map<String, ApplicationInfo> applications, Rules rules) {
    this.processes = Collections.unmodifiableMap(new LinkedHashMap<>(processes));
    this.applications = Collections.unmodifiableMap(new LinkedHashMap<>(applications));
    this.rules = rules;
  }

  public Map<String, ProcessStatus> processes() {
    return processes;
  }

  public Map<String, ApplicationInfo> applications() {
    return applications;
  }

  public Rules rules() {
    return rules;
  }

  @Override
  public String toString() {
    return "ContextView[processes=" + processes + ", applications=" + applications + "]";
  }

  /**
   * Every process, by application name then process name as Supvisors lists them; computed once per view, since a
   * view is shared by every query until a change.
   */
  public List<ProcessInfo> processInfos() {
    List<ProcessInfo> infos = processInfos;
    if (infos == null) {
      List<ProcessInfo> built = new ArrayList<>(processes.size());
      processes.values().forEach(status -> built.add(status.toInfo()));
      built.sort(SUPVISORS_ORDER);
      infos = List.copyOf(built);
      processInfos = infos;
    }
    return infos;
  }

  public Optional<ApplicationInfo> application(String name) {
    return Optional.ofNullable(applications.get(name));
  }

  /** The processes of one application, in the order they were first seen. */
  public List<ProcessStatus> group(String applicationName) {
    return ProcessStatus.ofApplication(processes.values(), applicationName);
  }

  /** Processes of managed applications running on more than one instance. */
  public List<ProcessInfo> conflicts() {
    List<ProcessInfo> conflicts = new ArrayList<>();
    for (ProcessStatus status : processes.values()) {
      if (status.conflicting() && rules.isManaged(status.applicationName())) {
        conflicts.add(status.toInfo());
      }
    }
    return conflicts;
  }

  /** Sum of the expected_loading of the processes running on that instance. */
  public int loading(String identifier) {
    int load = 0;
    for (ProcessStatus status : processes.values()) {
      if (status.isRunning() && status.running().contains(identifier)) {
        load += expectedLoading(status);
      }
    }
    return load;
  }

  /** One of the processes is FATAL or unexpectedly EXITED on that very instance. */
  public boolean processFailure(String identifier) {
    return processes.values().stream().anyMatch(status -> status.failedOn(identifier));
  }

  /** The processes as the instance's own supervisord last described them. */
  public List<LocalProcessInfo> localProcesses(String identifier) {
    List<LocalProcessInfo> infos = new ArrayList<>();
    for (ProcessStatus status : processes.values()) {
      LocalProcessInfo info = status.infos().get(identifier);
      if (info != null) {
        infos.add(info);
      }
    }
    return infos;
  }

  int expectedLoading(ProcessStatus status) {
    return status.rulesIn(rules).expectedLoading();
  }
}
