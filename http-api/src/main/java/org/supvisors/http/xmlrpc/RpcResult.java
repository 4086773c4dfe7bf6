package org.supvisors.http.xmlrpc;

import org.supvisors.protocol.SupvisorsFault;

/** The outcome of one dispatched call: a marshallable value or a fault, never an exception. */
public sealed interface RpcResult {

  /**
   * @param xml the value already encoded as an XML-RPC {@code <value>} element: encoding once
   *     proves it marshallable and serves the response
   */
  record Value(Object value, String xml) implements RpcResult {}

  record Failure(SupvisorsFault fault) implements RpcResult {}
}
