package org.supvisors.protocol;

/**
 * Completes a service call exceptionally with a Supvisors fault; the API layer turns it into an
 * XML-RPC fault (or an HTTP 4xx). Never used for control flow inside actors.
 */
public final class SupvisorsException extends RuntimeException {

  private final SupvisorsFault fault;

  public SupvisorsException(SupvisorsFault fault) {
    super(fault.faultString(), null, false, false);
    this.fault = fault;
  }

  public SupvisorsException(Fault fault, String detail) {
    this(new SupvisorsFault(fault, detail));
  }

  public SupvisorsFault fault() {
    return fault;
  }
}
