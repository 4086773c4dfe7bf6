package org.supvisors.http.xmlrpc;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.supvisors.protocol.Fault;
import org.supvisors.protocol.SupvisorsException;
import org.supvisors.protocol.SupvisorsFault;

/**
 * Routes one XML-RPC call to its {@link RpcMethod}, or to the local supervisord through the
 * {@link SupervisorProxy}, and turns every outcome into an {@link RpcResult}: the method's fault
 * when it fails with a {@link SupvisorsException}, FAILED for any other error, an unanswered call
 * or an unmarshallable result. The returned stage never fails, so no call can end in an HTTP 500.
 */
public final class XmlRpcDispatcher {

  /** The namespace this node implements itself; it is never forwarded to supervisord. */
  public static final String SUPVISORS_NAMESPACE = "supvisors";

  private static final Logger LOG = LoggerFactory.getLogger(XmlRpcDispatcher.class);

  private final RpcRegistry registry;
  private final Optional<SupervisorProxy> supervisor;
  private final Duration callTimeout;

  /**
   * @param methods the namespaces implemented here ({@code system.*} introspection and multicall
   *     are added)
   * @param supervisor where other calls go; when empty they are UNKNOWN_METHOD
   * @param callTimeout how long one call may take before it is answered with FAILED
   */
  public XmlRpcDispatcher(
      Collection<RpcMethod> methods, Optional<SupervisorProxy> supervisor, Duration callTimeout) {
    this.supervisor = Objects.requireNonNull(supervisor, "supervisor");
    this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout");
    if (callTimeout.isNegative() || callTimeout.isZero()) {
      throw new IllegalArgumentException("callTimeout must be positive: " + callTimeout);
    }
    this.registry = RpcRegistry.of(methods).plus(new SystemMethods(this).methods());
  }

  public RpcRegistry registry() {
    return registry;
  }

  public Optional<SupervisorProxy> supervisor() {
    return supervisor;
  }

  /** Runs one call; the stage always completes normally. */
  public CompletionStage<RpcResult> dispatch(String methodName, List<Object> params) {
    if (!isCallableName(methodName)) {
      return CompletableFuture.completedFuture(failure(Fault.UNKNOWN_METHOD, null));
    }
    Optional<RpcMethod> method = registry.find(methodName);
    if (method.isPresent()) {
      // A multicall is bounded by the timeouts of the calls it makes, not by one of its own.
      boolean timed = !SystemMethods.MULTICALL.equals(methodName) && !method.get().selfTimed();
      return invoke(methodName, () -> method.get().handler().call(params), timed);
    }
    if (isForwardable(methodName)) {
      // Not timed here: supervisord's own wait calls last as long as startsecs or stopwaitsecs,
      // and the proxy's client bounds them.
      return invoke(methodName, () -> supervisor.orElseThrow().call(methodName, params), false);
    }
    return CompletableFuture.completedFuture(failure(Fault.UNKNOWN_METHOD, null));
  }

  /** A name that is not implemented here but may be known by the local supervisord. */
  boolean isForwardable(String methodName) {
    return supervisor.isPresent()
        && isCallableName(methodName)
        && registry.find(methodName).isEmpty()
        && !methodName.startsWith(SUPVISORS_NAMESPACE + ".");
  }

  /**
   * Supervisor only calls {@code namespace.method} names whose method part does not start with an
   * underscore (its guard against object traversal).
   */
  static boolean isCallableName(String methodName) {
    String[] parts = methodName.split("\\.", -1);
    return parts.length == 2 && !parts[1].isEmpty() && !parts[1].startsWith("_");
  }

  private CompletionStage<RpcResult> invoke(
      String methodName, Supplier<CompletionStage<?>> call, boolean timed) {
    CompletableFuture<Object> future = new CompletableFuture<>();
    try {
      CompletionStage<?> stage = call.get();
      if (stage == null) {
        throw new IllegalStateException("no result stage");
      }
      stage.whenComplete(
          (value, error) -> {
            if (error != null) {
              future.completeExceptionally(error);
            } else {
              future.complete(value);
            }
          });
    } catch (RuntimeException e) {
      // Parameter checks throw their faults synchronously.
      future.completeExceptionally(e);
    }
    if (timed) {
      future.orTimeout(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }
    return future.handle(
        (value, error) -> error == null ? toValue(methodName, value) : toFailure(methodName, error));
  }

  /** The last encoded list result of each method, reused while the service returns the same list. */
  private record Encoded(Object value, String xml) {}

  private final Map<String, Encoded> lastLists = new ConcurrentHashMap<>();

  private RpcResult toValue(String methodName, Object value) {
    try {
      if (value instanceof List<?>) {
        // Lists from the service are immutable snapshots (see SupvisorsService): the same list
        // object means the same content, so a status poll between two changes costs no encoding.
        Encoded last = lastLists.get(methodName);
        if (last != null && last.value() == value) {
          return new RpcResult.Value(value, last.xml());
        }
        String xml = XmlRpcEncoder.value(value);
        lastLists.put(methodName, new Encoded(value, xml));
        return new RpcResult.Value(value, xml);
      }
      return new RpcResult.Value(value, XmlRpcEncoder.value(value));
    } catch (UnmarshallableValueException e) {
      // A bug in the method, not in the request: never send a wrong or partial value.
      LOG.error("XML-RPC method {} returned an unmarshallable result: {}", methodName, e.getMessage());
      return failure(Fault.FAILED, "cannot marshal the result: " + e.getMessage());
    }
  }

  private RpcResult toFailure(String methodName, Throwable error) {
    Throwable cause = unwrap(error);
    if (cause instanceof SupvisorsException fault) {
      return new RpcResult.Failure(fault.fault());
    }
    if (cause instanceof TimeoutException) {
      LOG.warn("XML-RPC method {} not answered within {} ms", methodName, callTimeout.toMillis());
      return failure(Fault.FAILED, "no answer within " + describe(callTimeout));
    }
    LOG.warn("XML-RPC method {} failed", methodName, cause);
    String message = cause.getMessage();
    String detail = cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    return failure(Fault.FAILED, detail);
  }

  private static RpcResult failure(Fault fault, String detail) {
    return new RpcResult.Failure(new SupvisorsFault(fault, detail));
  }

  private static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static String describe(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }
}
