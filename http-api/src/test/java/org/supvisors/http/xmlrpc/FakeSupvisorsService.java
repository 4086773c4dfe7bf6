package org.supvisors.http.xmlrpc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.supvisors.http.SupvisorsService;
import org.supvisors.http.SupvisorsService.StateGuard;
import org.supvisors.protocol.ApplicationInfo;
import org.supvisors.protocol.ApplicationState;
import org.supvisors.protocol.ConciliationStrategy;
import org.supvisors.protocol.Fault;
import org.supvisors.protocol.InstanceInfo;
import org.supvisors.protocol.InstanceState;
import org.supvisors.protocol.LocalProcessInfo;
import org.supvisors.protocol.LogLevel;
import org.supvisors.protocol.Namespec;
import org.supvisors.protocol.ProcessInfo;
import org.supvisors.protocol.ProcessState;
import org.supvisors.protocol.StartingStrategy;
import org.supvisors.protocol.StateModes;
import org.supvisors.protocol.Strategies;
import org.supvisors.protocol.SupvisorsException;
import org.supvisors.protocol.SupvisorsFault;
import org.supvisors.protocol.SupvisorsState;
import org.supvisors.protocol.SupvisorsStatus;
import org.supvisors.protocol.WireStruct;

/**
 * A node with two instances, sv1 (Master) and sv2, that records what it is asked. Special end_sync
 * masters trigger the failure paths: {@code boom} fails with a plain exception, {@code slow} never
 * answers, {@code sv3} fails with a Supvisors fault. Its applications are {@code app} (managed, with
 * p1 and p2, p2 running on both instances) and {@code tools} (unmanaged); the status methods apply
 * Supvisors' guard to {@link #fsmState} and its BAD_NAME texts to any other name. The control
 * methods apply their own guard, record the call in {@link #controls} and answer true (false for
 * conciliate USER, {@code app:p1} for start_any_process); a name argument {@code nope} gets
 * {@code BAD_NAME: nope} instead.
 */
final class FakeSupvisorsService implements SupvisorsService {

  static final InstanceInfo SV1 = new InstanceInfo("sv1", "localhost", 61000, InstanceState.RUNNING,
      5, 1795559720L, 1795559721L, 10, true,
      new StateModes(SupvisorsState.OPERATION, false, "sv1", false, true));
  static final InstanceInfo SV2 = new InstanceInfo("sv2", "10.0.0.2", 61100, InstanceState.SILENT,
      0, 4_000_000_000L, 0L, 0, false, StateModes.OFF);

  static final ApplicationInfo APP =
      new ApplicationInfo("app", true, ApplicationState.RUNNING, false, true);
  static final ApplicationInfo TOOLS =
      new ApplicationInfo("tools", false, ApplicationState.STOPPED, false, false);
  static final ProcessInfo P1 = new ProcessInfo("app", "p1", ProcessState.RUNNING, true,
      1795559867.8827746, List.of("sv1"), "");
  static final ProcessInfo P2 = new ProcessInfo("app", "p2", ProcessState.BACKOFF, false,
      1795559868.5, List.of("sv1", "sv2"), "-v");
  static final LocalProcessInfo WK = new LocalProcessInfo("wk_01", "app", ProcessState.RUNNING,
      1795559702L, 0L, 1795559724L, 10033, "pid 10033, uptime 0:00:22", "", true, 1, 10, "",
      false, "wk", 1);

  /** The local FSM state the guarded methods check. */
  volatile SupvisorsState fsmState = SupvisorsState.OPERATION;
  final Queue<String> endSyncMasters = new ConcurrentLinkedQueue<>();
  final Queue<LogLevel> logLevels = new ConcurrentLinkedQueue<>();
  /** The control calls that passed their guard: method name, then arguments. */
  final Queue<List<Object>> controls = new ConcurrentLinkedQueue<>();
  /** How many times {@link #guard} was asked alone. */
  final AtomicInteger guardChecks = new AtomicInteger();
  private final String master;

  FakeSupvisorsService() {
    this("sv1");
  }

  /** {@code master} may be null to simulate a broken node that answers an unmarshallable value. */
  FakeSupvisorsService(String master) {
    this.master = master;
  }

  @Override
  public CompletionStage<Void> guard(StateGuard guard) {
    guardChecks.incrementAndGet();
    return checked(guard, () -> null);
  }

  @Override
  public String apiVersion() {
    return "0.17.4";
  }

  @Override
  public CompletionStage<SupvisorsStatus> supvisorsState() {
    return CompletableFuture.completedFuture(new SupvisorsStatus(SupvisorsState.OPERATION, false,
        "sv1", List.of("sv2"), List.of()));
  }

  @Override
  public CompletionStage<String> masterIdentifier() {
    return CompletableFuture.completedFuture(master);
  }

  @Override
  public CompletionStage<Strategies> strategies() {
    return CompletableFuture.completedFuture(
        new Strategies(false, StartingStrategy.CONFIG, ConciliationStrategy.USER));
  }

  @Override
  public CompletionStage<List<InstanceInfo>> allInstancesInfo() {
    return CompletableFuture.completedFuture(List.of(SV1, SV2));
  }

  @Override
  public CompletionStage<InstanceInfo> instanceInfo(String identifier) {
    return switch (identifier) {
      case "sv1" -> CompletableFuture.completedFuture(SV1);
      case "sv2" -> CompletableFuture.completedFuture(SV2);
      default -> CompletableFuture.failedFuture(
          new SupvisorsException(Fault.INCORRECT_PARAMETERS, identifier + " unknown to Supvisors"));
    };
  }

  @Override
  public CompletionStage<Boolean> endSync(String master) {
    endSyncMasters.add(master);
    return switch (master) {
      case "boom" -> CompletableFuture.failedFuture(new IllegalStateException("boom"));
      case "slow" -> new CompletableFuture<>();
      case "sv3" -> CompletableFuture.failedFuture(new SupvisorsException(
          Fault.BAD_SUPVISORS_STATE,
          "Supvisors (state=OPERATION) not in state ['INITIALIZATION'] to perform request"));
      default -> CompletableFuture.completedFuture(true);
    };
  }

  @Override
  public CompletionStage<Boolean> changeLogLevel(LogLevel level) {
    logLevels.add(level);
    return CompletableFuture.completedFuture(true);
  }

  @Override
  public CompletionStage<List<ApplicationInfo>> allApplicationsInfo() {
    return guarded(() -> List.of(APP, TOOLS));
  }

  @Override
  public CompletionStage<ApplicationInfo> applicationInfo(String applicationName) {
    return guarded(() -> switch (applicationName) {
      case "app" -> APP;
      case "tools" -> TOOLS;
      default -> throw unknownApplication(applicationName);
    });
  }

  @Override
  public CompletionStage<WireStruct> applicationRules(String applicationName) {
    return guarded(() -> switch (applicationName) {
      case "app" -> () -> ordered("managed", true, "distribution", "SINGLE_INSTANCE",
          "identifiers", List.of("sv1"), "start_sequence", 1, "stop_sequence", 0,
          "starting_strategy", "CONFIG", "starting_failure_strategy", "ABORT",
          "running_failure_strategy", "CONTINUE", "application_name", "app");
      case "tools" -> () -> ordered("managed", false, "application_name", "tools");
      default -> throw unknownApplication(applicationName);
    });
  }

  @Override
  public CompletionStage<List<ProcessInfo>> allProcessInfo() {
    return guarded(() -> List.of(P1, P2));
  }

  @Override
  public CompletionStage<List<ProcessInfo>> processInfo(String namespec) {
    return guarded(() -> select(namespec, List.of(P1, P2)));
  }

  @Override
  public CompletionStage<List<WireStruct>> processRules(String namespec) {
    return guarded(() -> select(namespec, List.of(P1, P2)).stream()
        .<WireStruct>map(process -> () -> ordered("identifiers", List.of("*"),
            "start_sequence", 2, "stop_sequence", 0, "required", true, "wait_exit", false,
            "expected_loading", 5, "starting_failure_strategy", "ABORT",
            "running_failure_strategy", "CONTINUE", "application_name", process.applicationName(),
            "process_name", process.processName()))
        .toList());
  }

  @Override
  public CompletionStage<List<ProcessInfo>> conflicts() {
    return guarded(() -> List.of(P2));
  }

  @Override
  public CompletionStage<List<LocalProcessInfo>> allLocalProcessInfo() {
    return CompletableFuture.completedFuture(List.of(WK));
  }

  @Override
  public CompletionStage<LocalProcessInfo> localProcessInfo(String namespec) {
    if (namespec.equals(WK.namespec())) {
      return CompletableFuture.completedFuture(WK);
    }
    // Supervisor's own fault, with the namespec alone as detail.
    return CompletableFuture.failedFuture(new SupvisorsException(Fault.BAD_NAME, namespec));
  }

  // --- control --------------------------------------------------------------------------------

  @Override
  public CompletionStage<Boolean> startApplication(
      StartingStrategy strategy, String applicationName, boolean wait) {
    return control(StateGuard.OPERATING, true, "start_application", strategy, applicationName,
        wait);
  }

  @Override
  public CompletionStage<Boolean> stopApplication(String applicationName, boolean wait) {
    return control(StateGuard.OPERATING_CONCILIATION, true, "stop_application", applicationName,
        wait);
  }

  @Override
  public CompletionStage<Boolean> restartApplication(
      StartingStrategy strategy, String applicationName, boolean wait) {
    return control(StateGuard.OPERATING, true, "restart_application", strategy, applicationName,
        wait);
  }

  @Override
  public CompletionStage<Boolean> startArgs(String namespec, String extraArgs, boolean wait) {
    return control(null, true, "start_args", namespec, extraArgs, wait);
  }

  @Override
  public CompletionStage<Boolean> startProcess(
      StartingStrategy strategy, String namespec, String extraArgs, boolean wait) {
    return control(StateGuard.OPERATING, true, "start_process", strategy, namespec, extraArgs,
        wait);
  }

  @Override
  public CompletionStage<String> startAnyProcess(
      StartingStrategy strategy, String regex, String extraArgs, boolean wait) {
    return control(StateGuard.OPERATING, "app:p1", "start_any_process", strategy, regex,
        extraArgs, wait);
  }

  @Override
  public CompletionStage<Boolean> stopProcess(String namespec, boolean wait) {
    return control(StateGuard.OPERATING_CONCILIATION, true, "stop_process", namespec, wait);
  }

  @Override
  public CompletionStage<Boolean> restartProcess(
      StartingStrategy strategy, String namespec, String extraArgs, boolean wait) {
    return control(StateGuard.OPERATING, true, "restart_process", strategy, namespec, extraArgs,
        wait);
  }

  @Override
  public CompletionStage<Boolean> restartSequence(boolean wait) {
    return control(StateGuard.OPERATING, true, "restart_sequence", wait);
  }

  @Override
  public CompletionStage<Boolean> restart() {
    return control(StateGuard.FROM_DEPLOYMENT, true, "restart");
  }

  @Override
  public CompletionStage<Boolean> shutdown() {
    return control(StateGuard.FROM_DEPLOYMENT, true, "shutdown");
  }

  @Override
  public CompletionStage<Boolean> conciliate(ConciliationStrategy strategy) {
    return control(StateGuard.CONCILIATION, strategy != ConciliationStrategy.USER, "conciliate",
        strategy);
  }

  @Override
  public CompletionStage<Boolean> enable(String programName, boolean wait) {
    return control(StateGuard.OPERATING, true, "enable", programName, wait);
  }

  @Override
  public CompletionStage<Boolean> disable(String programName, boolean wait) {
    return control(StateGuard.OPERATING, true, "disable", programName, wait);
  }

  /** Guards (none when {@code guard} is null), then records the call or refuses the name nope. */
  private <T> CompletionStage<T> control(StateGuard guard, T answer, Object... call) {
    return checked(guard, () -> {
      if (List.of(call).contains("nope")) {
        throw new SupvisorsException(Fault.BAD_NAME, "nope");
      }
      controls.add(List.of(call));
      return answer;
    });
  }

  private <T> CompletionStage<T> guarded(Supplier<T> answer) {
    return checked(StateGuard.FROM_DEPLOYMENT, answer);
  }

  private <T> CompletionStage<T> checked(StateGuard guard, Supplier<T> answer) {
    if (guard != null && !guard.allows(fsmState)) {
      return CompletableFuture.failedFuture(
          new SupvisorsException(SupvisorsFault.badState(fsmState, guard.states())));
    }
    try {
      return CompletableFuture.completedFuture(answer.get());
    } catch (SupvisorsException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static List<ProcessInfo> select(String namespec, List<ProcessInfo> processes) {
    Namespec name = Namespec.parse(namespec);
    if (processes.stream().noneMatch(p -> p.applicationName().equals(name.group()))) {
      throw unknownApplication(name.group());
    }
    List<ProcessInfo> selected = processes.stream()
        .filter(p -> name.wholeGroup() || p.processName().equals(name.process()))
        .toList();
    if (selected.isEmpty()) {
      throw new SupvisorsException(Fault.BAD_NAME,
          "process=" + name.process() + " unknown in application=" + name.group());
    }
    return selected;
  }

  private static SupvisorsException unknownApplication(String name) {
    return new SupvisorsException(Fault.BAD_NAME, "application " + name + " unknown to Supvisors");
  }

  /** A map in the order of its key/value pairs, as the rules structs are built. */
  private static Map<String, Object> ordered(Object... pairs) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], pairs[i + 1]);
    }
    return map;
  }
}
