package org.supvisors.http.xmlrpc;

import static org.supvisors.http.xmlrpc.RpcParams.arity;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.supvisors.http.SupvisorsService;
import org.supvisors.protocol.WireStruct;

/**
 * The {@code supvisors.*} namespace: one {@link RpcMethod} per method, with the signature that
 * {@code system.methodSignature} reports for it in Supvisors 0.17.4. Handlers only check and convert
 * parameters; the node behind {@link SupvisorsService} does the work, state guards included (a guard
 * is always evaluated before the parameter checks it could hide, so those checks stay there).
 */
public final class SupvisorsMethods {

  private static final String NS = "supvisors.";
  private static final List<String> STRUCT = List.of("dict[str, Any]");
  private static final List<String> STRUCT_LIST = List.of("list[dict[str, Any]]");
  private static final List<String> STRUCT_OF_NAME = List.of("dict[str, Any]", "str");
  private static final List<String> STRUCT_LIST_OF_NAME = List.of("list[dict[str, Any]]", "str");

  /** Supvisors' guard of the status methods, quoted in their help. */
  private static final String FROM_DEPLOYMENT =
      "\nFault BAD_SUPVISORS_STATE outside DEPLOYMENT, OPERATION, CONCILIATION, RESTARTING and"
          + " SHUTTING_DOWN.";

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
            this::getLocalProcessInfo));
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
    return service.applicationInfo(onlyName(params)).thenApply(WireStruct::toWire);
  }

  private CompletionStage<?> getApplicationRules(List<Object> params) {
    return service.applicationRules(onlyName(params)).thenApply(WireStruct::toWire);
  }

  private CompletionStage<?> getAllProcessInfo(List<Object> params) {
    arity(params, 0);
    // The service's own immutable list: its encoding can be reused while it stays the same.
    return service.allProcessInfo();
  }

  private CompletionStage<?> getProcessInfo(List<Object> params) {
    return service.processInfo(onlyName(params)).thenApply(SupvisorsMethods::wire);
  }

  private CompletionStage<?> getProcessRules(List<Object> params) {
    return service.processRules(onlyName(params)).thenApply(SupvisorsMethods::wire);
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
    return service.localProcessInfo(onlyName(params)).thenApply(WireStruct::toWire);
  }

  /**
   * The single name parameter (application name or namespec). Anything but a string is refused
   * with the bare fault here, before the node's state guard: Supvisors answers such a value with
   * BAD_NAME, a TypeError or an HTTP 500 depending on the method, none of which a client can use.
   */
  private static String onlyName(List<Object> params) {
    arity(params, 1);
    return RpcParams.string(params.get(0));
  }

  private static List<Map<String, Object>> wire(List<? extends WireStruct> structs) {
    return structs.stream().map(WireStruct::toWire).toList();
  }
}
