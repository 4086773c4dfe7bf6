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

  /** The guard failure of a request made in a state that does not allow it. */
  public static SupvisorsFault badState(SupvisorsState current, java.util.List<SupvisorsState> allowed) {
    String names = allowed.stream().map(s -> "'" + s.name() + "'").collect(java.util.stream.Collectors.joining(", "));
    return new SupvisorsFault(
        Fault.BAD_SUPVISORS_STATE,
        "Supvisors (state=" + current.name() + ") not in state [" + names + "] to perform request");
  }

  /** Rebuilds a fault from its wire text, as carried by a {@code StatusReply} error. */
  public static SupvisorsFault parse(String faultString) {
    int colon = faultString.indexOf(": ");
    String name = colon < 0 ? faultString : faultString.substring(0, colon);
    String detail = colon < 0 ? "" : faultString.substring(colon + 2);
    return Coded.byName(Fault.class, name)
        .map(f -> new SupvisorsFault(f, detail))
        .orElse(new SupvisorsFault(Fault.FAILED, faultString));
  }

  /** The wire text: {@code NAME} or {@code NAME: detail}. */
  public String faultString() {
    String name = Fault.nameOf(code);
    return detail == null || detail.isEmpty() ? name : name + ": " + detail;
  }
}
