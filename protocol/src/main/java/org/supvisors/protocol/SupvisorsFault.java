package org.supvisors.protocol;

/**
 * A request failure that travels back to an API client as an XML-RPC fault (or an HTTP 4xx in REST).
 * It is a value for replies, never thrown across actors.
 */
public record SupvisorsFault(int code, String detail) {

  public SupvisorsFault(Fault fault, String detail) {
    this(fault.code(), detail);
  }

  public static SupvisorsFault of(Fault fault, String detail) {
    return new SupvisorsFault(fault, detail);
  }

  /** The wire text: {@code NAME} or {@code NAME: detail}. */
  public String faultString() {
    String name = Fault.nameOf(code);
    return detail == null || detail.isEmpty() ? name : name + ": " + detail;
  }
}
