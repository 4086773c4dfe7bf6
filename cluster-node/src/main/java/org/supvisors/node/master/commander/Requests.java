package org.supvisors.node.master.commander;

import akka.actor.typed.ActorRef;
import akka.pattern.StatusReply;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.supvisors.node.context.ProcessStatus;
import org.supvisors.node.fsm.FaultReplies;
import org.supvisors.node.master.Control;
import org.supvisors.protocol.ApplicationState;
import org.supvisors.protocol.Fault;
import org.supvisors.protocol.Namespec;
import org.supvisors.protocol.StartingStrategy;

/**
 * The control requests of compat xmlrpc §5.3 and §5.4, after the state guard: their checks in
 * Supvisors' order with the same faults, the jobs they plan, and their answers (at once, or when
 * the jobs of the request are over).
 */
final class Requests {

  /**
   * @param immediate the answer to send now (null when a waiter answers later)
   * @param waiter the request to answer when no job serves it any more (see {@link #answer}), or null
   */
  record Outcome(Jobs jobs, Runnable immediate, ReplicatedJobs.Waiting waiter) {}

  private final Commander commander;
  private final Model model;

  Requests(Commander commander) {
    this.commander = commander;
    this.model = commander.model();
  }

  Outcome handle(Jobs jobs, Control control, String origin) {
    try {
      if (control instanceof Control.StartApplication r) {
        return startApplication(jobs, r, origin);
      }
      if (control instanceof Control.StopApplication r) {
        return stopApplication(jobs, r, origin);
      }
      if (control instanceof Control.RestartApplication r) {
        return restartApplication(jobs, r, origin);
      }
      if (control instanceof Control.StartProcess r) {
        return startProcess(jobs, r.namespec(), new StartOptions(r.strategy(), r.extraArgs(), r.await()), origin,
            r.replyTo(), Boolean.TRUE, true, r);
      }
      if (control instanceof Control.StartAnyProcess r) {
        return startAnyProcess(jobs, r, origin);
      }
      if (control instanceof Control.StopProcess r) {
        return stopProcess(jobs, r, origin);
      }
      if (control instanceof Control.RestartProcess r) {
        return restartProcess(jobs, r, origin);
      }
      if (control instanceof Control.Conciliate r) {
        if (r.strategy() == org.supvisors.protocol.ConciliationStrategy.USER) {
          return now(jobs, r.replyTo(), false);
        }
        return now(commander.conciliate(jobs, r.strategy(), new Commander.Origin(origin, Set.of())), r.replyTo(), true);
      }
      throw new IllegalArgumentException("not a commander request: " + control);
    } catch (Refusal refusal) {
      return new Outcome(jobs, () -> refusal.replyTo.tell(FaultReplies.error(refusal.fault, refusal.detail)),
          null);
    }
  }

  // ---------------------------------------------------------------- applications

  private Outcome startApplication(Jobs jobs, Control.StartApplication r, String origin) {
    String name = r.applicationName();
    knownApplication(name, name, r.replyTo());
    if (!model.rules().isManaged(name)) {
      throw new Refusal(Fault.NOT_MANAGED, name, r.replyTo());
    }
    if (model.application(name).state() != ApplicationState.STOPPED) {
      throw new Refusal(Fault.ALREADY_STARTED, name, r.replyTo());
    }
    long id = jobs.nextId();
    Jobs planned = commander.startApplication(jobs.withNextId(), name, r.strategy(), origin(origin, id));
    if (!r.await() || !planned.serves(id)) {
      return now(planned, r.replyTo(), planned.startingBusy());
    }
    return later(planned, id, r, "");
  }

  private Outcome stopApplication(Jobs jobs, Control.StopApplication r, String origin) {
    String name = r.applicationName();
    knownApplication(name, name, r.replyTo());
    if (!model.rules().isManaged(name)) {
      throw new Refusal(Fault.NOT_MANAGED, name, r.replyTo());
    }
    if (model.processesOf(name).stream().noneMatch(ProcessStatus::isRunning)) {
      throw new Refusal(Fault.NOT_RUNNING, name, r.replyTo());
    }
    long id = jobs.nextId();
    Jobs planned = commander.stopApplication(jobs.withNextId(), name, origin(origin, id));
    if (!r.await() || !planned.serves(id)) {
      return now(planned, r.replyTo(), planned.stoppingBusy());
    }
    return later(planned, id, r, "");
  }

  private Outcome restartApplication(Jobs jobs, Control.RestartApplication r, String origin) {
    String name = r.applicationName();
    knownApplication(name, "application " + name + " unknown to Supvisors", r.replyTo());
    long id = jobs.nextId();
    Jobs planned = commander.restartApplication(jobs.withNextId(), name, r.strategy(), origin(origin, id));
    if (!planned.serves(id)) {
      throw new Refusal(Fault.ABNORMAL_TERMINATION, "failed restarting " + name, r.replyTo());
    }
    if (!r.await()) {
      return now(planned, r.replyTo(), true);
    }
    return later(planned, id, r, "");
  }

  // ---------------------------------------------------------------- processes

  /** What start_process and start_any_process share. */
  private record StartOptions(StartingStrategy strategy, String extraArgs, boolean await) {}

  /**
   * @param success the answer when the processes run: true for start_process, the namespec chosen
   *     for start_any_process
   * @param checkRunning refuse a process running already (start_any_process chose a stopped one)
   */
  private <T> Outcome startProcess(Jobs jobs, String namespec, StartOptions options, String origin,
      ActorRef<StatusReply<T>> replyTo, T success, boolean checkRunning, Control control) {
    List<ProcessStatus> targets = targets(namespec, replyTo);
    if (checkRunning) {
      for (ProcessStatus target : targets) {
        if (target.isRunning()) {
          throw new Refusal(Fault.ALREADY_STARTED, target.namespec(), replyTo);
        }
      }
    }
    long id = jobs.nextId();
    Jobs planned = commander.startProcesses(jobs.withNextId(), targets, options.strategy(), options.extraArgs(),
        origin(origin, id));
    if (!planned.serves(id)) {
      throw new Refusal(Fault.ABNORMAL_TERMINATION, namespec, replyTo);
    }
    if (!options.await()) {
      return now(planned, replyTo, success);
    }
    return later(planned, id, control, checkRunning ? "" : namespec);
  }

  private Outcome startAnyProcess(Jobs jobs, Control.StartAnyProcess r, String origin) {
    Pattern pattern;
    try {
      pattern = Pattern.compile(r.regex());
    } catch (PatternSyntaxException e) {
      throw new Refusal(Fault.INCORRECT_PARAMETERS, "invalid regular expression: " + r.regex(), r.replyTo());
    }
    for (ProcessStatus status : model.processes().values()) {
      if (status.isRunning() || !pattern.matcher(status.namespec()).find()) {
        continue;
      }
      boolean placeable = model.selector(origin, List.of())
          .chooseForProcess(r.strategy(), model.allowedFor(status), status.namespec(),
              model.rulesOf(status).expectedLoading())
          .isPresent();
      if (placeable) {
        return startProcess(jobs, status.namespec(), new StartOptions(r.strategy(), r.extraArgs(), r.await()), origin,
            r.replyTo(), status.namespec(), false, r);
      }
    }
    throw new Refusal(Fault.BAD_NAME, "no candidate process matching \"" + r.regex() + "\"", r.replyTo());
  }

  private Outcome stopProcess(Jobs jobs, Control.StopProcess r, String origin) {
    List<ProcessStatus> targets = targets(r.namespec(), r.replyTo());
    long id = jobs.nextId();
    Jobs planned = commander.stopProcesses(jobs.withNextId(), targets, origin(origin, id));
    if (!planned.serves(id)) {
      throw new Refusal(Fault.NOT_RUNNING, r.namespec(), r.replyTo());
    }
    if (!r.await()) {
      return now(planned, r.replyTo(), true);
    }
    return later(planned, id, r, "");
  }

  private Outcome restartProcess(Jobs jobs, Control.RestartProcess r, String origin) {
    List<ProcessStatus> targets = targets(r.namespec(), r.replyTo());
    long id = jobs.nextId();
    Jobs planned = commander.restartProcesses(jobs.withNextId(), targets, r.strategy(), r.extraArgs(),
        origin(origin, id));
    if (!planned.serves(id)) {
      throw new Refusal(Fault.ABNORMAL_TERMINATION, "failed restarting " + r.namespec(), r.replyTo());
    }
    if (!r.await()) {
      return now(planned, r.replyTo(), true);
    }
    return later(planned, id, r, "");
  }

  // ---------------------------------------------------------------- answers once the jobs are over

  /**
   * The answer of a request whose jobs are over, checked as Supvisors does on the model as it is
   * then. Built from the request alone, so that a Master that resumed the jobs of another answers
   * the callers of that one.
   */
  Runnable answer(ReplicatedJobs.Waiting waiting) {
    Control control = waiting.control();
    if (control instanceof Control.StartApplication r) {
      return stateIs(r.applicationName(), ApplicationState.RUNNING)
          ? ok(r.replyTo(), true) : fault(r.replyTo(), Fault.ABNORMAL_TERMINATION, r.applicationName());
    }
    if (control instanceof Control.StopApplication r) {
      return stateIs(r.applicationName(), ApplicationState.STOPPED)
          ? ok(r.replyTo(), true) : fault(r.replyTo(), Fault.ABNORMAL_TERMINATION, r.applicationName());
    }
    if (control instanceof Control.RestartApplication r) {
      return stateIs(r.applicationName(), ApplicationState.STOPPED)
          ? fault(r.replyTo(), Fault.ABNORMAL_TERMINATION, "failed to restart " + r.applicationName())
          : ok(r.replyTo(), true);
    }
    if (control instanceof Control.StartProcess r) {
      String stopped = namespecs(r.namespec(), ProcessStatus::isStopped, true);
      return stopped.isEmpty() ? ok(r.replyTo(), true) : fault(r.replyTo(), Fault.ABNORMAL_TERMINATION, firstOf(stopped));
    }
    if (control instanceof Control.StartAnyProcess r) {
      return namespecs(waiting.chosen(), ProcessStatus::isStopped, true).isEmpty()
          ? ok(r.replyTo(), waiting.chosen()) : fault(r.replyTo(), Fault.ABNORMAL_TERMINATION, waiting.chosen());
    }
    if (control instanceof Control.StopProcess r) {
      String running = namespecs(r.namespec(), ProcessStatus::isRunning, false);
      return running.isEmpty() ? ok(r.replyTo(), true) : fault(r.replyTo(), Fault.ABNORMAL_TERMINATION, running);
    }
    if (control instanceof Control.RestartProcess r) {
      String stopped = namespecs(r.namespec(), ProcessStatus::isStopped, true);
      return stopped.isEmpty() ? ok(r.replyTo(), true) : fault(r.replyTo(), Fault.ABNORMAL_TERMINATION, stopped);
    }
    return () -> control.refuse(Fault.FAILED, "no answer for " + control.getClass().getSimpleName());
  }

  private boolean stateIs(String application, ApplicationState state) {
    return model.application(application).state() == state;
  }

  /** The processes a namespec names that are in that condition ({@code unknownToo}: or unknown now). */
  private String namespecs(String namespec, Predicate<ProcessStatus> condition, boolean unknownToo) {
    Namespec name = Namespec.parse(namespec);
    List<String> named = name.wholeGroup()
        ? model.processesOf(name.group()).stream().map(ProcessStatus::namespec).toList()
        : List.of(namespec);
    return String.join(" ", named.stream()
        .filter(ns -> model.process(ns).map(condition::test).orElse(unknownToo))
        .toList());
  }

  private static String firstOf(String namespecs) {
    int blank = namespecs.indexOf(' ');
    return blank < 0 ? namespecs : namespecs.substring(0, blank);
  }

  // ---------------------------------------------------------------- helpers

  /** The processes a namespec names, or the BAD_NAME faults of compat xmlrpc §5.4. */
  private List<ProcessStatus> targets(String namespec, ActorRef<?> replyTo) {
    Namespec name = Namespec.parse(namespec);
    List<ProcessStatus> group = model.processesOf(name.group());
    if (group.isEmpty()) {
      throw new Refusal(Fault.BAD_NAME, "application " + name.group() + " unknown to Supvisors", replyTo);
    }
    if (name.wholeGroup()) {
      return group;
    }
    return group.stream().filter(p -> p.processName().equals(name.process())).findFirst().map(List::of)
        .orElseThrow(() -> new Refusal(Fault.BAD_NAME,
            "process=" + name.process() + " unknown in application=" + name.group(), replyTo));
  }

  private void knownApplication(String name, String detail, ActorRef<?> replyTo) {
    if (model.processesOf(name).isEmpty()) {
      throw new Refusal(Fault.BAD_NAME, detail, replyTo);
    }
  }

  private static Commander.Origin origin(String identifier, long request) {
    return new Commander.Origin(identifier, Set.of(request));
  }

  private static <T> Outcome now(Jobs jobs, ActorRef<StatusReply<T>> replyTo, T value) {
    return new Outcome(jobs, ok(replyTo, value), null);
  }

  private static Outcome later(Jobs jobs, long id, Control control, String chosen) {
    return new Outcome(jobs, null, new ReplicatedJobs.Waiting(id, control, chosen));
  }

  private static <T> Runnable ok(ActorRef<StatusReply<T>> replyTo, T value) {
    return () -> replyTo.tell(StatusReply.success(value));
  }

  private static <T> Runnable fault(ActorRef<StatusReply<T>> replyTo, Fault fault, String detail) {
    return () -> replyTo.tell(FaultReplies.error(fault, detail));
  }

  /** A check failed: the request is answered with this fault and plans nothing. */
  private static final class Refusal extends RuntimeException {
    final Fault fault;
    final String detail;
    final ActorRef<StatusReply<Object>> replyTo;

    @SuppressWarnings("unchecked")
    Refusal(Fault fault, String detail, ActorRef<?> replyTo) {
      super(detail, null, false, false);
      this.fault = fault;
      this.detail = detail;
      this.replyTo = (ActorRef<StatusReply<Object>>) replyTo;
    }
  }
}
