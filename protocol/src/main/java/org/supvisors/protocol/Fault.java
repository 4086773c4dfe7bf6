package org.supvisors.protocol;

/**
 * XML-RPC fault codes: Supervisor's own (supervisor/xmlrpc.py) and the four Supvisors adds from 100.
 * The fault string on the wire is {@code NAME} or {@code NAME: detail}.
 */
public enum Fault implements Coded {
  UNKNOWN_METHOD(1),
  INCORRECT_PARAMETERS(2),
  BAD_ARGUMENTS(3),
  SIGNATURE_UNSUPPORTED(4),
  SHUTDOWN_STATE(6),
  BAD_NAME(10),
  BAD_SIGNAL(11),
  NO_FILE(20),
  NOT_EXECUTABLE(21),
  FAILED(30),
  ABNORMAL_TERMINATION(40),
  SPAWN_ERROR(50),
  ALREADY_STARTED(60),
  NOT_RUNNING(70),
  SUCCESS(80),
  ALREADY_ADDED(90),
  STILL_RUNNING(91),
  CANT_REREAD(92),
  SUPVISORS_CONF_ERROR(100),
  BAD_SUPVISORS_STATE(101),
  NOT_MANAGED(102),
  DISABLED(103);

  private final int code;

  Fault(int code) {
    this.code = code;
  }

  @Override
  public int code() {
    return code;
  }

  /** The fault string as Supervisor formats it. */
  public String text(String detail) {
    return detail == null || detail.isEmpty() ? name() : name() + ": " + detail;
  }

  /** Name for any code, known or not, as Supervisor's getFaultDescription does. */
  public static String nameOf(int code) {
    return Coded.byCode(Fault.class, code).map(Enum::name).orElse("UNKNOWN");
  }
}
