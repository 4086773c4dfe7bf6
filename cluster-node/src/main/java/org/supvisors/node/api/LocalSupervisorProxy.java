package org.supvisors.node.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.supvisors.http.xmlrpc.SupervisorProxy;
import org.supvisors.node.supervisor.SupervisorCallException;
import org.supvisors.node.supervisor.SupervisorClient;
import org.supvisors.protocol.Fault;
import org.supvisors.protocol.SupvisorsException;
import org.supvisors.protocol.SupvisorsFault;

/**
 * Forwards the XML-RPC calls the node does not implement ({@code supervisor.*}, introspection of
 * those) to the local supervisord through the node's {@link SupervisorClient}, so that
 * {@code supervisorctl} and other Supervisor clients work against the node's URL. A fault of
 * supervisord reaches the client with its code and text unchanged; a call that got no answer is a
 * FAILED fault, since supervisord itself never answers with code 0.
 */
public final class LocalSupervisorProxy implements SupervisorProxy {

  private final SupervisorClient client;

  public LocalSupervisorProxy(SupervisorClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public CompletionStage<Object> call(String method, List<Object> params) {
    CompletableFuture<Object> result = new CompletableFuture<>();
    client.call(method, params).whenComplete((value, failure) -> {
      if (failure == null) {
        result.complete(value);
      } else {
        result.completeExceptionally(asFault(failure));
      }
    });
    return result;
  }

  /** Anything that is not a call failure is left as is: the dispatcher reports it as FAILED. */
  static Throwable asFault(Throwable failure) {
    Optional<SupervisorCallException> call = SupervisorCallException.of(failure);
    if (call.isEmpty()) {
      return failure;
    }
    SupervisorCallException e = call.get();
    if (e.faultCode() == 0) {
      return new SupvisorsException(Fault.FAILED, "local supervisord: " + e.faultString());
    }
    return new SupvisorsException(
        new SupvisorsFault(e.faultCode(), detail(e.faultCode(), e.faultString())));
  }

  /**
   * The faultString without the {@code NAME: } prefix that {@link SupvisorsFault} writes back for
   * the same code. A text that does not start with that name (a code unknown here, whose name
   * would become UNKNOWN) is kept whole so that nothing supervisord said is lost.
   */
  static String detail(int code, String faultString) {
    String name = Fault.nameOf(code);
    if (faultString == null || faultString.equals(name)) {
      return null;
    }
    String prefix = name + ": ";
    return faultString.startsWith(prefix) ? faultString.substring(prefix.length()) : faultString;
  }
}
