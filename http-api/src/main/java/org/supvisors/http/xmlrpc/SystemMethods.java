package org.supvisors.http.xmlrpc;

import static org.supvisors.http.xmlrpc.RpcParams.arity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.supvisors.protocol.Fault;
import org.supvisors.protocol.SupvisorsException;
import org.supvisors.protocol.SupvisorsFault;

/**
 * Supervisor's {@code system} namespace: introspection over the dispatch table (merged with the
 * local supervisord's when a {@link SupervisorProxy} is present) and {@code system.multicall}.
 */
final class SystemMethods {

  static final String LIST_METHODS = "system.listMethods";
  static final String METHOD_HELP = "system.methodHelp";
  static final String METHOD_SIGNATURE = "system.methodSignature";
  static final String MULTICALL = "system.multicall";

  private final XmlRpcDispatcher dispatcher;

  /** Only keeps the reference: the dispatcher is still being built when this is created. */
  SystemMethods(XmlRpcDispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  List<RpcMethod> methods() {
    return List.of(
        new RpcMethod(LIST_METHODS, List.of("array"),
            "Return the sorted array of the names of all available methods.", this::listMethods),
        new RpcMethod(METHOD_HELP, List.of("string", "string"),
            "Return the documentation of the method given by name.", this::methodHelp),
        new RpcMethod(METHOD_SIGNATURE, List.of("array", "string"),
            "Return the signature of the method given by name: an array of the return type"
                + " followed by the parameter types.",
            this::methodSignature),
        new RpcMethod(MULTICALL, List.of("array", "array"),
            "Run an array of calls, each a struct {methodName: string, params: array}, one after"
                + " the other, and return the array of their results; a failed call gives a struct"
                + " {faultCode: int, faultString: string} in place of its result.",
            this::multicall));
  }

  private CompletionStage<?> listMethods(List<Object> params) {
    arity(params, 0);
    List<String> local = dispatcher.registry().names();
    Optional<SupervisorProxy> supervisor = dispatcher.supervisor();
    if (supervisor.isEmpty()) {
      return CompletableFuture.completedFuture(local);
    }
    return supervisor.get().call(LIST_METHODS, List.of())
        .handle((remote, failure) -> {
          TreeSet<String> names = new TreeSet<>(local);
          // The local table is always right; supervisord's names are added when it answers, as a
          // list or as an object array (what Apache's XML-RPC client gives).
          if (failure == null && remote instanceof Collection<?> list) {
            list.forEach(name -> names.add(String.valueOf(name)));
          } else if (failure == null && remote instanceof Object[] array) {
            Arrays.stream(array).forEach(name -> names.add(String.valueOf(name)));
          }
          return List.copyOf(names);
        });
  }

  private CompletionStage<?> methodHelp(List<Object> params) {
    arity(params, 1);
    Object name = params.get(0);
    Optional<RpcMethod> method = local(name);
    if (method.isPresent()) {
      return CompletableFuture.completedFuture(method.get().help());
    }
    return forwardOrUnsupported(METHOD_HELP, name);
  }

  private CompletionStage<?> methodSignature(List<Object> params) {
    arity(params, 1);
    Object name = params.get(0);
    Optional<RpcMethod> method = local(name);
    if (method.isPresent()) {
      if (method.get().signature().isEmpty()) {
        throw unsupported();
      }
      return CompletableFuture.completedFuture(method.get().signature());
    }
    return forwardOrUnsupported(METHOD_SIGNATURE, name);
  }

  private Optional<RpcMethod> local(Object name) {
    return name instanceof String s ? dispatcher.registry().find(s) : Optional.empty();
  }

  private CompletionStage<?> forwardOrUnsupported(String introspection, Object name) {
    if (name instanceof String s && dispatcher.isForwardable(s)) {
      return dispatcher.supervisor().orElseThrow().call(introspection, List.of(s));
    }
    throw unsupported();
  }

  private static SupvisorsException unsupported() {
    return new SupvisorsException(Fault.SIGNATURE_UNSUPPORTED, null);
  }

  /**
   * Calls run in order, each after the previous one completed, as in Supervisor. Like Supervisor
   * 4.2.5, a successful result is put in the result array as is, not wrapped in a one-element array.
   */
  private CompletionStage<?> multicall(List<Object> params) {
    arity(params, 1);
    if (!(params.get(0) instanceof List<?> calls)) {
      throw RpcParams.incorrect();
    }
    List<Object> results = new ArrayList<>(calls.size());
    CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
    for (Object call : calls) {
      chain = chain.thenCompose(ignored -> callOne(call)).thenAccept(results::add);
    }
    return chain.thenApply(ignored -> results);
  }

  private CompletionStage<Object> callOne(Object call) {
    if (!(call instanceof Map<?, ?> struct)) {
      return failed(new SupvisorsFault(Fault.FAILED, "multicall item is not a struct"));
    }
    Object name = struct.get("methodName");
    if (name == null) {
      return failed(new SupvisorsFault(Fault.INCORRECT_PARAMETERS, "No methodName"));
    }
    if (MULTICALL.equals(name)) {
      return failed(
          new SupvisorsFault(Fault.INCORRECT_PARAMETERS, "Recursive system.multicall forbidden"));
    }
    Object params = struct.containsKey("params") ? struct.get("params") : List.of();
    if (!(name instanceof String method)) {
      return failed(new SupvisorsFault(Fault.UNKNOWN_METHOD, null));
    }
    if (!(params instanceof List<?> list)) {
      return failed(new SupvisorsFault(Fault.INCORRECT_PARAMETERS, null));
    }
    return dispatcher.dispatch(method, new ArrayList<Object>(list))
        .thenApply(SystemMethods::asMulticallItem);
  }

  private static Object asMulticallItem(RpcResult result) {
    return result instanceof RpcResult.Failure failure
        ? XmlRpcEncoder.faultStruct(failure.fault())
        : ((RpcResult.Value) result).value();
  }

  private static CompletionStage<Object> failed(SupvisorsFault fault) {
    return CompletableFuture.completedFuture(XmlRpcEncoder.faultStruct(fault));
  }
}
