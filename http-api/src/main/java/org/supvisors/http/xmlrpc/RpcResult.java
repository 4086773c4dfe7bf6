package org.supvisors.http.xmlrpc;

import org.supvisors.protocol.SupvisorsFault;

/** The outcome of one dispatched call: a marshallable value or a fault, never an exception. */
public sealed interface RpcResult {

  record Value(Object value) implements RpcResult {}

  record Failure(SupvisorsFault fault) implements RpcResult {}
}
