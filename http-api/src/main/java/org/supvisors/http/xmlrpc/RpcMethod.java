package org.supvisors.http.xmlrpc;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * One entry of the XML-RPC dispatch table.
 *
 * @param name the full {@code namespace.method} name
 * @param signature what {@code system.methodSignature} reports: return type then parameter types,
 *     as textual types of the Supvisors docstrings; empty when the method has no documented
 *     signature (then SIGNATURE_UNSUPPORTED)
 * @param help what {@code system.methodHelp} reports
 * @param handler the implementation
 * @param selfTimed the handler bounds its own duration (a {@code wait} that lasts as long as the
 *     jobs it waits for): the dispatcher adds no timeout of its own
 */
public record RpcMethod(String name, List<String> signature, String help, Handler handler, boolean selfTimed) {

  public RpcMethod(String name, List<String> signature, String help, Handler handler) {
    this(name, signature, help, handler, false);
  }

  /**
   * Runs a call with the decoded parameters. It checks arity and types itself (see
   * {@link RpcParams}), failing by throwing or by completing exceptionally with a
   * {@link org.supvisors.protocol.SupvisorsException}; the result must be marshallable (see
   * {@link XmlRpcEncoder}).
   */
  @FunctionalInterface
  public interface Handler {
    CompletionStage<?> call(List<Object> params);
  }

  public RpcMethod {
    Objects.requireNonNull(name, "name");
    if (name.split("\\.", -1).length != 2) {
      throw new IllegalArgumentException("method name must be namespace.method: " + name);
    }
    signature = List.copyOf(signature);
    Objects.requireNonNull(help, "help");
    Objects.requireNonNull(handler, "handler");
  }

  public String namespace() {
    return name.substring(0, name.indexOf('.'));
  }
}
