package org.supvisors.http.xmlrpc;

/**
 * A result that XML-RPC cannot carry: {@code null}, an integer outside the signed 32-bit range, or
 * an unsupported type. Python's marshaller fails the same way; here it becomes a FAILED fault.
 */
public final class UnmarshallableValueException extends RuntimeException {

  public UnmarshallableValueException(String message) {
    super(message, null, false, false);
  }
}
