package org.supvisors.http.xmlrpc;

import static org.supvisors.http.xmlrpc.RpcParams.arity;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.supvisors.http.SupvisorsService;
import org.supvisors.http.SupvisorsService.StateGuard;
import org.supvisors.protocol.SupvisorsException;
import org.supvisors.protocol.WireStruct;

/**
 * The {@code supvisors.*} namespace: one {@link RpcMethod} per method, with the signature that
 * {@code system.methodSignature} reports for it in Supvisors 0.17.4. Handlers only check and convert
 * parameters; the node behind {@link SupvisorsService} does the work, state guards included.
 *
 * <p>Supvisors evaluates a method's state guard before its parameters, and only the arity (a
 * Python {@code TypeError} at call time) before the guard. Handlers of guarded methods therefore
 * check the arity, then read their parameters through {@link #guardFirst}: a refused parameter is
 * reported only once {@link SupvisorsService#guard} passed.
 */
public final class SupvisorsMethods {

  private static final String NS = "supvisors.";
  private static final List<String> STRUCT = List.of("dict[str, Any]");
  private static final List<String> STRUCT_LIST = List.of("list[dict[str, Any]]");
  private static final List<String> STRUCT_OF_NAME = List.of("dict[str, Any]", "str");
  private static final List<String> STRUCT_LIST_OF_NAME = List.of("list[dict[str, Any]]", "str");
  private static final List<String> BOOL = List.of("bool");
  private static final List<String> BOOL_OF_NAME_WAIT = List.of("bool", "str", "bool");
  private static final List<String> BOOL_OF_STRATEGY_NAME_WAIT =
      List.of("bool", "StartingStrategies", "str", "bool");
  private static final List<String> BOOL_OF_STRATEGY_NAMESPEC_ARGS_WAIT =
      List.of("bool", "StartingStrategies", "str", "str", "bool");

  /** Supvisors' guard of the status methods, quoted in their help. */
  private static final String FROM_DEPLOYMENT =
      "\nFault BAD_SUPVISORS_STATE outside DEPLOYMENT, OPERATION, CONCILIATION, RESTARTING and"
          + " SHUTTING_DOWN.";

  /** Supvisors' guard of most control methods, quoted in their help. */
  private static final String OPERATING = "\nFault BAD_SUPVISORS_STATE outside OPERATION.";

  private static final String OPERATING_CONCILIATION =
      "\nFault BAD_SUPVISORS_STATE outside OPERATION and CONCILIATION.";

  /** The strategy parameter of the start methods, quoted in their help. */
  private static final String STARTING_STRATEGY =
      " The strategy is a StartingStrategies name (CONFIG, LESS_LOADED, MOST_LOADED, LOCAL,"
          + " LESS_LOADED_NODE, MOST_LOADED_NODE) or its number (0 to 5).";

  /** The wait parameter of the control methods, quoted in their help. */
  private static final String WAIT =
      " With wait (default true), the answer comes once the jobs of this request are done.";

  private final SupvisorsService service;

  private SupvisorsMethods(SupvisorsService service) {
    this.service = service;
  }

  /** The table for {@code service}; add new methods here. */
  public static List<RpcMethod> of(SupvisorsService service) {
    return new SupvisorsMethods(service).methods();
  }

  private List<RpcMethod> methods() {
    return List.of(
        method("get_api_version", List.of("str"),
            "Return the version of the Supvisors API.", this::getApiVersion),
        method("get_supvisors_state", STRUCT,
            "Return the state and modes of Supvisors as seen by this instance.",
            this::getSupvisorsState),
        method("get_master_identifier", List.of("str"),
            "Return the identifier of the Supvisors Master instance, empty when none is known.",
            this::getMasterIdentifier),
        method("get_strategies", STRUCT,
            "Return the strategies applied by this instance: auto-fencing, starting and"
                + " conciliation.",
            this::getStrategies),
        method("get_instance_info", STRUCT_OF_NAME,
            "Return the status of the Supvisors instance named by identifier.\n"
                + "Fault INCORRECT_PARAMETERS if the identifier is unknown.",
            this::getInstanceInfo),
        method("get_all_instances_info", STRUCT_LIST,
            "Return the status of all Supvisors instances, sorted by identifier.",
            this::getAllInstancesInfo),
        method("end_sync", List.of("bool"),
            "End the synchronization phase (USER synchro option), optionally forcing the Master"
                + " (parameter master, a Supvisors identifier; empty to let the election decide).",
            this::endSync),
        method("change_log_level", List.of("bool", "Union[str, int]"),
            "Change the level of the Supvisors logger. The level is a name (critical, error, warn,"
                + " info, debug, trace, blather) or its number (50, 40, 30, 20, 10, 5, 3).",
            this::changeLogLevel),
        method("get_all_applications_info", STRUCT_LIST,
            "Return the status of all applications, managed or not, in the order their groups"
                + " were first seen." + FROM_DEPLOYMENT,
            this::getAllApplicationsInfo),
        method("get_application_info", STRUCT_OF_NAME,
            "Return the status of the application named by application_name." + FROM_DEPLOYMENT
                + "\nFault BAD_NAME if the application is unknown.",
            this::getApplicationInfo),
        method("get_application_rules", STRUCT_OF_NAME,
            "Return the rules applied to the application named by application_name; only"
                + " managed and application_name for an application that no rule manages."
                + FROM_DEPLOYMENT + "\nFault BAD_NAME if the application is unknown.",
            this::getApplicationRules),
        method("get_all_process_info", STRUCT_LIST,
            "Return the synthetic status of all processes of all applications." + FROM_DEPLOYMENT,
            this::getAllProcessInfo),
        method("get_process_info", STRUCT_LIST_OF_NAME,
            "Return the synthetic status of the processes named by namespec: one for group:name,"
                + " all the processes of the group for group:*." + FROM_DEPLOYMENT
                + "\nFault BAD_NAME if the application or the process is unknown.",
            this::getProcessInfo),
        method("get_process_rules", STRUCT_LIST_OF_NAME,
            "Return the rules applied to the processes named by namespec (group:name or"
                + " group:*)." + FROM_DEPLOYMENT
                + "\nFault BAD_NAME if the application or the process is unknown.",
            this::getProcessRules),
        method("get_conflicts", STRUCT_LIST,
            "Return the synthetic status of the processes of managed applications that run on"
                + " more than one instance." + FROM_DEPLOYMENT,
            this::getConflicts),
        method("get_all_local_process_info", STRUCT_LIST,
            "Return the processes of the local supervisord, as supervisor.getAllProcessInfo"
                + " describes them, extended with their program configuration.\n"
                + "Fault SHUTDOWN_STATE while supervisord is shutting down.",
            this::getAllLocalProcessInfo),
        method("get_local_process_info", STRUCT_OF_NAME,
            "Return the local supervisord's process named by namespec, as"
                + " supervisor.getProcessInfo describes it, extended with its program"
                + " configuration.\n"
                + "Fault BAD_NAME if the local supervisord does not know the process.",
            this::getLocalProcessInfo),
        // ------------------------------------------------------------ control
        waiting("start_application", BOOL_OF_STRATEGY_NAME_WAIT,
            "Start the managed application named by application_name (parameters strategy,"
                + " application_name, wait)." + STARTING_STRATEGY + WAIT
                + " Return whether jobs were planned." + OPERATING
                + "\nFaults BAD_NAME, NOT_MANAGED, ALREADY_STARTED; ABNORMAL_TERMINATION if the"
                + " application is not RUNNING in the end.",
            this::startApplication),
        waiting("stop_application", BOOL_OF_NAME_WAIT,
            "Stop the managed application named by application_name (parameters"
                + " application_name, wait)." + WAIT + " Return whether jobs were planned."
                + OPERATING_CONCILIATION
                + "\nFaults BAD_NAME, NOT_MANAGED, NOT_RUNNING; ABNORMAL_TERMINATION if the"
                + " application is not STOPPED in the end.",
            this::stopApplication),
        waiting("restart_application", BOOL_OF_STRATEGY_NAME_WAIT,
            "Restart the application named by application_name: stop it if it runs, then start"
                + " it (parameters strategy, application_name, wait)." + STARTING_STRATEGY + WAIT
                + OPERATING + "\nFaults BAD_NAME, ABNORMAL_TERMINATION.",
            this::restartApplication),
        waiting("start_args", List.of("bool", "str", "str", "bool"),
            "Start the local process named by namespec with extra_args appended to its command"
                + " line (parameters namespec, extra_args, wait). Allowed in any state.\n"
                + "Fault BAD_NAME if the process is unknown; the local supervisord's faults pass"
                + " through.",
            this::startArgs),
        waiting("start_process", BOOL_OF_STRATEGY_NAMESPEC_ARGS_WAIT,
            "Start the processes named by namespec, group:name or group:* (parameters strategy,"
                + " namespec, extra_args = '', wait)." + STARTING_STRATEGY + WAIT + OPERATING
                + "\nFaults BAD_NAME, ALREADY_STARTED, ABNORMAL_TERMINATION.",
            this::startProcess),
        waiting("start_any_process", List.of("str", "StartingStrategies", "str", "str", "bool"),
            "Start one stopped process whose namespec matches the regular expression regex"
                + " (parameters strategy, regex, extra_args = '', wait) and return its namespec."
                + STARTING_STRATEGY + WAIT + OPERATING
                + "\nFault BAD_NAME if no candidate process matches; then as start_process.",
            this::startAnyProcess),
        waiting("stop_process", BOOL_OF_NAME_WAIT,
            "Stop the processes named by namespec, group:name or group:* (parameters namespec,"
                + " wait)." + WAIT + OPERATING_CONCILIATION
                + "\nFaults BAD_NAME, NOT_RUNNING, ABNORMAL_TERMINATION.",
            this::stopProcess),
        waiting("restart_process", BOOL_OF_STRATEGY_NAMESPEC_ARGS_WAIT,
            "Restart the processes named by namespec: stop those running, then start them all"
                + " (parameters strategy, namespec, extra_args = '', wait)." + STARTING_STRATEGY
                + WAIT + OPERATING + "\nFaults BAD_NAME, ABNORMAL_TERMINATION.",
            this::restartProcess),
        waiting("restart_sequence", List.of("bool", "bool"),
            "Ask the Master for a new deployment of the applications (parameter wait; with wait,"
                + " the answer comes once the deployment is over)." + OPERATING,
            this::restartSequence),
        method("restart", BOOL,
            "Restart Supvisors: every supervisord of the cluster restarts." + FROM_DEPLOYMENT,
            this::restart),
        method("shutdown", BOOL,
            "Shut Supvisors down: every supervisord of the cluster stops." + FROM_DEPLOYMENT,
            this::shutdown),
        method("conciliate", List.of("bool", "ConciliationStrategies"),
            "Apply the conciliation strategy to the current conflicts; the strategy is a"
                + " ConciliationStrategies name (SENICIDE, INFANTICIDE, USER, STOP, RESTART,"
                + " RUNNING_FAILURE) or its number (0 to 5). Return false for USER, which does"
                + " nothing.\nFault BAD_SUPVISORS_STATE outside CONCILIATION.",
            this::conciliate),
        waiting("enable", BOOL_OF_NAME_WAIT,
            "Enable the local processes of the program named by program_name (parameters"
                + " program_name, wait)." + OPERATING + "\nFault BAD_NAME if the program is"
                + " unknown.",
            this::enable),
        waiting("disable", BOOL_OF_NAME_WAIT,
            "Disable the local processes of the program named by program_name and stop those"
                + " running (parameters program_name, wait)." + OPERATING
                + "\nFaults BAD_NAME if the program is unknown, ABNORMAL_TERMINATION.",
            this::disable));
  }

  /** A method whose {@code wait} may last long: the service bounds it, not the dispatcher. */
  private static RpcMethod waiting(String name, List<String> signature, String help, RpcMethod.Handler handler) {
    return new RpcMethod(NS + name, signature, help, handler, true);
  }

  private static RpcMethod method(
      String name, List<String> signature, String help, RpcMethod.Handler handler) {
    return new RpcMethod(NS + name, signature, help, handler);
  }

  private CompletionStage<String> getApiVersion(List<Object> params) {
    arity(params, 0);
    return CompletableFuture.completedFuture(service.apiVersion());
  }

  private CompletionStage<?> getSupvisorsState(List<Object> params) {
    arity(params, 0);
    return service.supvisorsState();
  }

  private CompletionStage<?> getMasterIdentifier(List<Object> params) {
    arity(params, 0);
    return service.masterIdentifier();
  }

  private CompletionStage<?> getStrategies(List<Object> params) {
    arity(params, 0);
    return service.strategies();
  }

  private CompletionStage<?> getAllInstancesInfo(List<Object> params) {
    arity(params, 0);
    return service.allInstancesInfo();
  }

  private CompletionStage<?> getInstanceInfo(List<Object> params) {
    arity(params, 1);
    Object identifier = params.get(0);
    if (identifier instanceof String id) {
      return service.instanceInfo(id);
    }
    // Supvisors looks the value up in a dict keyed by strings: any other hashable value is simply
    // unknown (same fault and text), a container is a TypeError (bare fault).
    if (!RpcParams.isHashable(identifier)) {
      throw RpcParams.incorrect();
    }
    throw RpcParams.incorrect(PythonText.str(identifier) + " unknown to Supvisors");
  }

  private CompletionStage<?> endSync(List<Object> params) {
    arity(params, 0, 1);
    Object master = RpcParams.optional(params, 0, "");
    if (master instanceof String name) {
      return service.endSync(name);
    }
    // Supvisors tests the master with "if master:" then looks it up among identifiers: a false
    // value elects, another hashable value is an unknown identifier, a container a TypeError.
    // (The container case is refused here before the state guard, Supvisors refuses it after.)
    if (!RpcParams.truthy(master)) {
      return service.endSync("");
    }
    if (!RpcParams.isHashable(master)) {
      throw RpcParams.incorrect();
    }
    return service.endSync(PythonText.str(master));
  }

  private CompletionStage<?> changeLogLevel(List<Object> params) {
    arity(params, 1);
    return service.changeLogLevel(RpcParams.logLevel(params.get(0)));
  }

  private CompletionStage<?> getAllApplicationsInfo(List<Object> params) {
    arity(params, 0);
    return service.allApplicationsInfo().thenApply(SupvisorsMethods::wire);
  }

  private CompletionStage<?> getApplicationInfo(List<Object> params) {
    arity(params, 1);
    return guardFirst(StateGuard.FROM_DEPLOYMENT, () -> service.applicationInfo(string(params, 0)))
        .thenApply(WireStruct::toWire);
  }

  private CompletionStage<?> getApplicationRules(List<Object> params) {
    arity(params, 1);
    return guardFirst(StateGuard.FROM_DEPLOYMENT, () -> service.applicationRules(string(params, 0)))
        .thenApply(WireStruct::toWire);
  }

  private CompletionStage<?> getAllProcessInfo(List<Object> params) {
    arity(params, 0);
    // The service's own immutable list: its encoding can be reused while it stays the same.
    return service.allProcessInfo();
  }

  private CompletionStage<?> getProcessInfo(List<Object> params) {
    arity(params, 1);
    return guardFirst(StateGuard.FROM_DEPLOYMENT, () -> service.processInfo(string(params, 0)))
        .thenApply(SupvisorsMethods::wire);
  }

  private CompletionStage<?> getProcessRules(List<Object> params) {
    arity(params, 1);
    return guardFirst(StateGuard.FROM_DEPLOYMENT, () -> service.processRules(string(params, 0)))
        .thenApply(SupvisorsMethods::wire);
  }

  private CompletionStage<?> getConflicts(List<Object> params) {
    arity(params, 0);
    return service.conflicts().thenApply(SupvisorsMethods::wire);
  }

  private CompletionStage<?> getAllLocalProcessInfo(List<Object> params) {
    arity(params, 0);
    return service.allLocalProcessInfo().thenApply(SupvisorsMethods::wire);
  }

  private CompletionStage<?> getLocalProcessInfo(List<Object> params) {
    arity(params, 1);
    return service.localProcessInfo(string(params, 0)).thenApply(WireStruct::toWire);
  }

  // ---------------------------------------------------------------- control

  private CompletionStage<?> startApplication(List<Object> params) {
    arity(params, 2, 3);
    return guardFirst(StateGuard.OPERATING, () -> service.startApplication(
        RpcParams.startingStrategy(params.get(0)), string(params, 1), RpcParams.wait(params, 2)));
  }

  private CompletionStage<?> stopApplication(List<Object> params) {
    arity(params, 1, 2);
    return guardFirst(StateGuard.OPERATING_CONCILIATION,
        () -> service.stopApplication(string(params, 0), RpcParams.wait(params, 1)));
  }

  private CompletionStage<?> restartApplication(List<Object> params) {
    arity(params, 2, 3);
    return guardFirst(StateGuard.OPERATING, () -> service.restartApplication(
        RpcParams.startingStrategy(params.get(0)), string(params, 1), RpcParams.wait(params, 2)));
  }

  /** Not guarded: its parameters are checked at once. */
  private CompletionStage<?> startArgs(List<Object> params) {
    arity(params, 2, 3);
    return service.startArgs(string(params, 0), string(params, 1), RpcParams.wait(params, 2));
  }

  private CompletionStage<?> startProcess(List<Object> params) {
    arity(params, 2, 4);
    return guardFirst(StateGuard.OPERATING, () -> service.startProcess(
        RpcParams.startingStrategy(params.get(0)), string(params, 1), extraArgs(params, 2),
        RpcParams.wait(params, 3)));
  }

  private CompletionStage<?> startAnyProcess(List<Object> params) {
    arity(params, 2, 4);
    return guardFirst(StateGuard.OPERATING, () -> service.startAnyProcess(
        RpcParams.startingStrategy(params.get(0)), string(params, 1), extraArgs(params, 2),
        RpcParams.wait(params, 3)));
  }

  private CompletionStage<?> stopProcess(List<Object> params) {
    arity(params, 1, 2);
    return guardFirst(StateGuard.OPERATING_CONCILIATION,
        () -> service.stopProcess(string(params, 0), RpcParams.wait(params, 1)));
  }

  private CompletionStage<?> restartProcess(List<Object> params) {
    arity(params, 2, 4);
    return guardFirst(StateGuard.OPERATING, () -> service.restartProcess(
        RpcParams.startingStrategy(params.get(0)), string(params, 1), extraArgs(params, 2),
        RpcParams.wait(params, 3)));
  }

  /** Its only parameter cannot be refused: any value has a truth value. */
  private CompletionStage<?> restartSequence(List<Object> params) {
    arity(params, 0, 1);
    return service.restartSequence(RpcParams.wait(params, 0));
  }

  private CompletionStage<?> restart(List<Object> params) {
    arity(params, 0);
    return service.restart();
  }

  private CompletionStage<?> shutdown(List<Object> params) {
    arity(params, 0);
    return service.shutdown();
  }

  private CompletionStage<?> conciliate(List<Object> params) {
    arity(params, 1);
    return guardFirst(StateGuard.CONCILIATION,
        () -> service.conciliate(RpcParams.conciliationStrategy(params.get(0))));
  }

  private CompletionStage<?> enable(List<Object> params) {
    arity(params, 1, 2);
    return guardFirst(StateGuard.OPERATING,
        () -> service.enable(string(params, 0), RpcParams.wait(params, 1)));
  }

  private CompletionStage<?> disable(List<Object> params) {
    arity(params, 1, 2);
    return guardFirst(StateGuard.OPERATING,
        () -> service.disable(string(params, 0), RpcParams.wait(params, 1)));
  }

  // ---------------------------------------------------------------- helpers

  /**
   * Runs {@code call}, which reads the parameters then calls the guarded service method (which
   * checks the guard itself). When a parameter is refused, the guard is asked alone and the
   * parameter fault is reported only if it passes: a call in the wrong state always gets the state
   * fault, as in Supvisors.
   */
  private <T> CompletionStage<T> guardFirst(StateGuard guard, Supplier<CompletionStage<T>> call) {
    try {
      return call.get();
    } catch (SupvisorsException refused) {
      return service.guard(guard).thenApply(allowed -> {
        throw refused;
      });
    }
  }

  /**
   * A name parameter (application, program, namespec, regex or extra arguments). Anything but a
   * string is refused with the bare fault: Supvisors answers such a value with BAD_NAME, a
   * TypeError or an HTTP 500 depending on the method, none of which a client can use.
   */
  private static String string(List<Object> params, int index) {
    return RpcParams.string(params.get(index));
  }

  /** The optional extra_args parameter, empty when absent. */
  private static String extraArgs(List<Object> params, int index) {
    return RpcParams.string(RpcParams.optional(params, index, ""));
  }

  private static List<Map<String, Object>> wire(List<? extends WireStruct> structs) {
    return structs.stream().map(WireStruct::toWire).toList();
  }
}
