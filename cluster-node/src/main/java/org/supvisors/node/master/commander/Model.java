package org.supvisors.node.master.commander;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.supvisors.node.context.ApplicationEvaluation;
import org.supvisors.node.context.ProcessStatus;
import org.supvisors.node.instance.Instances;
import org.supvisors.protocol.ApplicationInfo;
import org.supvisors.protocol.ApplicationState;
import org.supvisors.protocol.InstanceInfo;
import org.supvisors.protocol.InstanceState;
import org.supvisors.rules.ApplicationRules;
import org.supvisors.rules.ProcessRules;
import org.supvisors.rules.Rules;
import org.supvisors.rules.decision.RunningFailure;
import org.supvisors.rules.placement.InstanceSelector;
import org.supvisors.rules.placement.InstanceView;
import org.supvisors.rules.placement.PendingStart;
import org.supvisors.rules.placement.PlacementSnapshot;
import org.supvisors.rules.placement.ProcessView;

/**
 * The cluster as the commander sees it: every process with its per-instance states (from the
 * Master node's own process model), the instances with their tick counters, and the rules. The
 * commander's actor keeps it up to date; the planning and stepping code only reads it.
 */
public final class Model {

  private final String localId;
  /** Re-resolved when an instance or a stereotype is discovered: the rules name them by identifier and stereotype. */
  private Rules rules;
  private final Map<String, String> nodeOf;
  private final double tickSeconds;
  private final Map<String, ProcessStatus> processes = new LinkedHashMap<>();
  private Instances.View view = new Instances.View(Map.of());

  /**
   * @param nodeOf the node (IP address) of each instance, for node loads
   * @param tick the period of the instances' ticks, which count the timeouts
   */
  public Model(String localId, Rules rules, Map<String, String> nodeOf, Duration tick) {
    this.localId = localId;
    this.rules = rules;
    this.nodeOf = Map.copyOf(nodeOf);
    this.tickSeconds = tick.toMillis() / 1000.0;
  }

  // ---------------------------------------------------------------- updates

  public void update(ProcessStatus status) {
    if (status.infos().isEmpty()) {
      processes.remove(status.namespec());
    } else {
      processes.put(status.namespec(), status);
    }
  }

  public void update(Instances.View newView) {
    view = newView;
    rules = rules.learning(newView.directory());
  }

  // ---------------------------------------------------------------- reading

  public String localId() {
    return localId;
  }

  public Rules rules() {
    return rules;
  }

  public Instances.View view() {
    return view;
  }

  public Map<String, ProcessStatus> processes() {
    return Collections.unmodifiableMap(processes);
  }

  public Optional<ProcessStatus> process(String namespec) {
    return Optional.ofNullable(processes.get(namespec));
  }

  public boolean isRunning(String identifier) {
    return view.isRunning(identifier);
  }

  /** The tick counter of an instance; timeouts are counted in the target's own ticks. */
  public long counter(String identifier) {
    return view.get(identifier).map(InstanceInfo::sequenceCounter).orElse(0);
  }

  /** Supvisors' margin: 2 ticks, more in large clusters. */
  public int minimumTicks() {
    long active = view.instances().values().stream()
        .filter(i -> i.state() != InstanceState.ISOLATING && i.state() != InstanceState.ISOLATED)
        .count();
    return (int) Math.max(2, active / 10);
  }

  /** Ticks covering that many seconds, plus the margin. */
  public int waitTicks(int seconds) {
    return (int) Math.ceil(seconds / tickSeconds) + minimumTicks();
  }

  /** The processes of an application, in the order they were first seen. */
  public List<ProcessStatus> processesOf(String applicationName) {
    return ProcessStatus.ofApplication(processes.values(), applicationName);
  }

  /** Every application, in the order of its first process. */
  public List<String> applications() {
    return processes.values().stream().map(ProcessStatus::applicationName).distinct().toList();
  }

  public ApplicationRules applicationRules(String applicationName) {
    return rules.applicationRules(applicationName);
  }

  public ProcessRules rulesOf(ProcessStatus status) {
    return status.rulesIn(rules);
  }

  /** The process as a running failure: its strategies from the rules, its application's state from the model. */
  public RunningFailure runningFailure(ProcessStatus status) {
    ProcessRules processRules = rulesOf(status);
    ApplicationRules application = applicationRules(status.applicationName());
    return new RunningFailure(status.applicationName(), status.namespec(), processRules.runningFailureStrategy(),
        application.startingStrategy(), processRules.startSequence() > 0,
        application(status.applicationName()).state() == ApplicationState.STOPPED);
  }

  /** The application's state and failures, computed from the processes as they are now. */
  public ApplicationInfo application(String applicationName) {
    boolean managed = rules.isManaged(applicationName);
    List<ApplicationEvaluation.Member> members = new ArrayList<>();
    for (ProcessStatus status : processesOf(applicationName)) {
      ProcessRules processRules = rulesOf(status);
      members.add(new ApplicationEvaluation.Member(status.displayedState(), status.expectedExit(),
          processRules.required() && processRules.startSequence() > 0));
    }
    return ApplicationEvaluation.evaluate(applicationName, managed, members);
  }

  /** Every process of the application is stopped, and none ever ran (compat behaviour §6.2). */
  public boolean neverStarted(String applicationName) {
    return processesOf(applicationName).stream()
        .allMatch(s -> s.infos().values().stream().allMatch(i -> i.state() == org.supvisors.protocol.ProcessState.STOPPED && i.stop() == 0));
  }

  /** The instances where the rules allow the process, filtered by the instance directory. */
  public List<String> allowedFor(ProcessStatus status) {
    return rules.instancesOf(rulesOf(status).identifiers());
  }

  public List<String> allowedFor(String applicationName) {
    return rules.instancesOf(applicationRules(applicationName).identifiers());
  }

  /**
   * A selector over the cluster as it is, with the starts that jobs have assigned but not seen yet.
   *
   * @param local the instance the LOCAL strategy means: the one that received the request
   */
  public InstanceSelector selector(String local, List<PendingStart> pending) {
    List<InstanceView> instances = new ArrayList<>();
    for (InstanceInfo info : view.instances().values()) {
      instances.add(new InstanceView(info.identifier(), nodeOf.getOrDefault(info.identifier(),
          view.ipAddress(info.identifier()).orElse(info.identifier())),
          info.state()));
    }
    Map<String, ProcessView> views = new LinkedHashMap<>();
    for (ProcessStatus status : processes.values()) {
      Set<String> disabled = status.infos().entrySet().stream()
          .filter(e -> e.getValue().disabled()).map(Map.Entry::getKey).collect(Collectors.toSet());
      views.put(status.namespec(), new ProcessView(status.namespec(), status.state(), rulesOf(status).expectedLoading(),
          status.running(), status.infos().keySet(), disabled));
    }
    return new InstanceSelector(new PlacementSnapshot(local, instances, views, pending));
  }
}
