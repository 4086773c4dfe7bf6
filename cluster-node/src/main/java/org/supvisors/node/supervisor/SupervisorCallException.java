package org.supvisors.node.supervisor;

import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * A failed call to supervisord: a fault it returned (Supervisor's fault code and text, for example
 * 10 and "BAD_NAME: foo"), or no answer at all (code 0, the transport error as text).
 */
public final class SupervisorCallException extends RuntimeException {

  private final String method;
  private final int faultCode;
  private final String faultString;

  public SupervisorCallException(String method, int faultCode, String faultString, Throwable cause) {
    super(method + " failed: " + faultCode + " " + faultString, cause);
    this.method = method;
    this.faultCode = faultCode;
    this.faultString = faultString;
  }

  public String method() {
    return method;
  }

  public int faultCode() {
    return faultCode;
  }

  public String faultString() {
    return faultString;
  }

  /** The call failure behind a failed stage, which CompletableFuture wraps in a CompletionException. */
  public static Optional<SupervisorCallException> of(Throwable failure) {
    Throwable t = failure;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t instanceof SupervisorCallException e ? Optional.of(e) : Optional.empty();
  }
}
