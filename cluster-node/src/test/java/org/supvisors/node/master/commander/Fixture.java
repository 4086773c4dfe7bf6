package org.supvisors.node.master.commander;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.supvisors.node.context.ProcessStatus;
import org.supvisors.node.instance.Instances;
import org.supvisors.protocol.InstanceInfo;
import org.supvisors.protocol.InstanceState;
import org.supvisors.protocol.LocalProcessInfo;
import org.supvisors.protocol.Namespec;
import org.supvisors.protocol.ProcessState;
import org.supvisors.protocol.StartingStrategy;
import org.supvisors.protocol.StateModes;
import org.supvisors.rules.InstanceDirectory;
import org.supvisors.rules.Rules;
import org.supvisors.rules.RulesError;
import org.supvisors.rules.RulesLoader;

/**
 * A small cluster for commander tests: rules from XML, instances with their tick counters (each on
 * its own node), processes whose per-instance states the test reports one by one, and the jobs
 * moved by {@link #step()}. Every test builds its own.
 */
final class Fixture {

  /** The instances' tick period: startsecs 10 means ceil(10 / 5) = 2 ticks, plus the margin of 2. */
  static final Duration TICK = Duration.ofSeconds(5);

  final Model model;
  final Commander commander;
  Jobs jobs = Jobs.EMPTY;

  private final Rules rules;
  private final Map<String, String> nodes = new LinkedHashMap<>();
  private final Map<String, InstanceInfo> instances = new LinkedHashMap<>();
  /** Wall clock of the process infos, seconds; moves one second per report. */
  private long clock = 10_000;

  /** The first identifier is the local one (the Master's). */
  Fixture(String rulesXml, String... identifiers) {
    rules = Rules.resolve(RulesLoader.fromString("test.xml", rulesXml), InstanceDirectory.of(identifiers),
        StartingStrategy.CONFIG);
    assertEquals(List.of(), rules.problems().stream().filter(RulesError::isError).toList(), "rules errors");
    for (int i = 0; i < identifiers.length; i++) {
      nodes.put(identifiers[i], "10.0.0." + (i + 1));
    }
    model = new Model(identifiers[0], rules, nodes, TICK);
    commander = new Commander(model);
    for (String identifier : identifiers) {
      instances.put(identifier, new InstanceInfo(identifier, nodes.get(identifier), 61000, InstanceState.RUNNING, 0,
          0, 0, 0, false, StateModes.OFF));
    }
    publishView();
  }

  // ---------------------------------------------------------------- instances

  Fixture instance(String identifier, InstanceState state) {
    InstanceInfo info = instances.get(identifier);
    instances.put(identifier, new InstanceInfo(identifier, info.nodeName(), info.port(), state,
        info.sequenceCounter(), 0, 0, 0, false, StateModes.OFF));
    publishView();
    return this;
  }

  /** The instance's tick counter moves on by {@code ticks}. */
  Fixture tick(String identifier, int ticks) {
    InstanceInfo info = instances.get(identifier);
    instances.put(identifier, new InstanceInfo(identifier, info.nodeName(), info.port(), info.state(),
        info.sequenceCounter() + ticks, 0, 0, 0, false, StateModes.OFF));
    publishView();
    return this;
  }

  int counter(String identifier) {
    return instances.get(identifier).sequenceCounter();
  }

  Instances.View view() {
    return new Instances.View(new LinkedHashMap<>(instances));
  }

  private void publishView() {
    model.update(view());
  }

  // ---------------------------------------------------------------- processes

  /** A process defined on these instances, STOPPED and never started there. */
  Fixture process(String namespec, int startsecs, int stopwaitsecs, String... on) {
    Namespec name = Namespec.parse(namespec);
    ProcessStatus status = model.process(namespec).orElse(ProcessStatus.unknown(name.group(), name.process()));
    for (String identifier : on) {
      status = status.update(identifier, new LocalProcessInfo(name.process(), name.group(), ProcessState.STOPPED, 0,
          0, clock, 0, "Not started", "", true, startsecs, stopwaitsecs, "", false, name.process(), 0), clock);
    }
    model.update(status);
    return this;
  }

  Fixture process(String namespec, String... on) {
    return process(namespec, 1, 10, on);
  }

  /** What the instance's supervisord says of the process now (an expected exit for EXITED). */
  ProcessStatus report(String namespec, String identifier, ProcessState state) {
    return report(namespec, identifier, state, true);
  }

  ProcessStatus report(String namespec, String identifier, ProcessState state, boolean exitExpected) {
    clock++;
    ProcessStatus before = status(namespec);
    LocalProcessInfo info = before.infos().get(identifier);
    long start = state == ProcessState.STARTING ? clock : info.start();
    long stop = state.isStopped() ? clock : info.stop();
    ProcessStatus after = before.update(identifier, new LocalProcessInfo(info.name(), info.group(), state, start, stop,
        clock, state.isRunning() ? 1234 : 0, state.name(), "", exitExpected, info.startsecs(), info.stopwaitsecs(),
        info.extraArgs(), info.disabled(), info.programName(), info.processIndex()), clock);
    model.update(after);
    return after;
  }

  /** The process runs there since {@code uptime} seconds. */
  ProcessStatus running(String namespec, String identifier, long uptime) {
    clock++;
    ProcessStatus before = status(namespec);
    LocalProcessInfo info = before.infos().get(identifier);
    ProcessStatus after = before.update(identifier, new LocalProcessInfo(info.name(), info.group(),
        ProcessState.RUNNING, clock - uptime, info.stop(), clock, 1234, "running", "", true, info.startsecs(),
        info.stopwaitsecs(), info.extraArgs(), info.disabled(), info.programName(), info.processIndex()), clock);
    model.update(after);
    return after;
  }

  /** The instance is lost: the process turns FATAL where it ran there (the view is not touched). */
  ProcessStatus lose(String namespec, String identifier) {
    clock++;
    ProcessStatus after = status(namespec).instanceLost(identifier, clock);
    model.update(after);
    return after;
  }

  /** A new model knowing what this one knows now, for an actor (which must not share this one). */
  Model snapshot() {
    Model copy = new Model(model.localId(), rules, nodes, TICK);
    copy.update(view());
    model.processes().values().forEach(copy::update);
    return copy;
  }

  /** A new model that knows the rules only. */
  Model empty() {
    return new Model(model.localId(), rules, nodes, TICK);
  }

  ProcessStatus status(String namespec) {
    return model.process(namespec).orElseThrow(() -> new AssertionError("no process " + namespec));
  }

  // ---------------------------------------------------------------- jobs

  /** One step of the commander; the effects it produced. */
  List<Effect> step() {
    return step(Set.of());
  }

  List<Effect> step(Set<String> refused) {
    jobs = commander.step(jobs, refused);
    return commander.effects();
  }

  /** What a process change does, as the commander's actor runs it (the model knows it already). */
  List<Effect> changed(ProcessStatus before, ProcessStatus after, boolean working) {
    jobs = commander.onProcessChange(jobs, before, after, working);
    List<Effect> effects = new ArrayList<>(commander.effects());
    effects.addAll(step());
    return effects;
  }

  Commander.Origin origin() {
    return Commander.Origin.master(model.localId());
  }

  // ---------------------------------------------------------------- effects

  static Effect.StartOn startOn(String namespec, String identifier) {
    return new Effect.StartOn(namespec, identifier, "");
  }

  static Effect.StopOn stopOn(String namespec, String identifier) {
    return new Effect.StopOn(namespec, identifier);
  }

  static Effect.Force fatal(String namespec, String reason) {
    return new Effect.Force(namespec, ProcessState.FATAL, reason);
  }

  static Effect.Force stopped(String namespec, String reason) {
    return new Effect.Force(namespec, ProcessState.STOPPED, reason);
  }

  boolean idle() {
    return jobs.allJobs().findAny().isEmpty();
  }
}
