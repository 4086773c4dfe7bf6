package org.supvisors.node.master.commander;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.supvisors.node.context.ProcessStatus;
import org.supvisors.protocol.DistributionRule;
import org.supvisors.protocol.ProcessState;
import org.supvisors.protocol.StartingStrategy;
import org.supvisors.rules.ApplicationRules;
import org.supvisors.rules.ProcessRules;

/**
 * Turns a request into a job: which processes, in which stages (manual sections 8.4 and 8.7). The
 * stages follow the processes' start sequence (smallest first, 0 excluded) or stop sequence
 * (greatest first).
 */
final class Planner {

  private Planner() {}

  /** Who asked, and who waits for the answer. */
  record Origin(String identifier, Set<Long> requests) {}

  /** The start of an application by its start sequence; null when none of its processes has one. */
  static ApplicationJob applicationStart(
      Jobs jobs, Model model, String applicationName, StartingStrategy strategy, long id, Origin origin) {
    List<ProcessCommand> commands = new ArrayList<>();
    for (ProcessStatus status : model.processesOf(applicationName)) {
      ProcessRules rules = model.rulesOf(status);
      if (rules.startSequence() > 0) {
        commands.add(ProcessCommand.planned(status.namespec(), "", jobs.extraArgsOf(status.namespec()),
            rules.waitExit(), rules.required(), rules.expectedLoading(), rules.startSequence()));
      }
    }
    if (commands.isEmpty()) {
      return null;
    }
    ApplicationRules rules = model.applicationRules(applicationName);
    boolean perProcess = rules.distribution() == DistributionRule.ALL_INSTANCES;
    return new ApplicationJob(id, applicationName, true, rules.startSequence(), strategy,
        stages(commands, Comparator.naturalOrder()), List.of(), perProcess, false, false, null,
        origin.requests(), origin.identifier());
  }

  /**
   * The start of some processes of an application, in one stage, without waiting for their exit.
   * In a SINGLE_INSTANCE or SINGLE_NODE application they join the instances the application already
   * runs on, if any.
   */
  static ApplicationJob processesStart(
      Jobs jobs, Model model, String applicationName, List<ProcessStatus> targets, StartingStrategy strategy, long id,
      Origin origin) {
    List<ProcessCommand> commands = new ArrayList<>();
    for (ProcessStatus status : targets) {
      ProcessRules rules = model.rulesOf(status);
      commands.add(ProcessCommand.planned(status.namespec(), "", jobs.extraArgsOf(status.namespec()), false,
          rules.required(), rules.expectedLoading(), 0));
    }
    ApplicationRules rules = model.applicationRules(applicationName);
    List<String> where = List.of();
    boolean placed = rules.distribution() == DistributionRule.ALL_INSTANCES;
    if (!placed) {
      where = runningInstances(model, applicationName, model.allowedFor(applicationName));
      placed = !where.isEmpty();
    }
    return new ApplicationJob(id, applicationName, true, rules.startSequence(), strategy, List.of(commands), where,
        placed, false, false, null, origin.requests(), origin.identifier());
  }

  /** The stop of every running copy of the application's processes; null when nothing runs. */
  static ApplicationJob applicationStop(Model model, String applicationName, long id, Origin origin) {
    return processesStop(model, applicationName, model.processesOf(applicationName), id, origin);
  }

  /** The stop of every running copy of these processes, by stop sequence; null when nothing runs. */
  static ApplicationJob processesStop(
      Model model, String applicationName, List<ProcessStatus> targets, long id, Origin origin) {
    List<ProcessCommand> commands = new ArrayList<>();
    for (ProcessStatus status : targets) {
      int sequence = model.rulesOf(status).stopSequence();
      for (String identifier : runningCopies(status)) {
        commands.add(ProcessCommand.planned(status.namespec(), identifier, "", false, false, 0, sequence));
      }
    }
    return stopJob(model, applicationName, commands, id, origin);
  }

  /** The stop of one process on one instance (conciliation). */
  static ApplicationJob processStopOn(Model model, ProcessStatus status, String identifier, long id, Origin origin) {
    return stopJob(model, status.applicationName(),
        List.of(ProcessCommand.planned(status.namespec(), identifier, "", false, false, 0, 0)), id, origin);
  }

  private static ApplicationJob stopJob(
      Model model, String applicationName, List<ProcessCommand> commands, long id, Origin origin) {
    if (commands.isEmpty()) {
      return null;
    }
    return new ApplicationJob(id, applicationName, false, model.applicationRules(applicationName).stopSequence(),
        model.applicationRules(applicationName).startingStrategy(), stages(commands, Comparator.reverseOrder()),
        List.of(), true, false, false, null, origin.requests(), origin.identifier());
  }

  /** The instances where the process runs or is stopping. */
  static List<String> runningCopies(ProcessStatus status) {
    List<String> copies = new ArrayList<>(status.running());
    status.infos().forEach((identifier, info) -> {
      if (info.state() == ProcessState.STOPPING && !copies.contains(identifier)) {
        copies.add(identifier);
      }
    });
    return copies;
  }

  private static List<String> runningInstances(Model model, String applicationName, List<String> allowed) {
    List<String> running = new ArrayList<>();
    for (ProcessStatus status : model.processesOf(applicationName)) {
      status.running().stream().filter(id -> !running.contains(id)).forEach(running::add);
    }
    List<String> ordered = new ArrayList<>(allowed.stream().filter(running::contains).toList());
    running.stream().filter(id -> !ordered.contains(id)).forEach(ordered::add);
    return ordered;
  }

  private static List<List<ProcessCommand>> stages(List<ProcessCommand> commands, Comparator<Integer> order) {
    Map<Integer, List<ProcessCommand>> bySequence = new TreeMap<>(order);
    for (ProcessCommand command : commands) {
      bySequence.computeIfAbsent(command.sequence(), k -> new ArrayList<>()).add(command);
    }
    return List.copyOf(bySequence.values());
  }
}
