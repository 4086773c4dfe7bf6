package org.supvisors.http.xmlrpc;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the {@code /RPC2} endpoint.
 *
 * @param credentials the basic-auth account clients must present, as {@code username}/{@code
 *     password} of Supervisor's {@code [inet_http_server]}; empty for no authentication
 * @param callTimeout how long a single call may take before it is answered with a FAILED fault
 */
public record XmlRpcSettings(Optional<Credentials> credentials, Duration callTimeout) {

  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(10);

  public XmlRpcSettings {
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(callTimeout, "callTimeout");
    if (callTimeout.isNegative() || callTimeout.isZero()) {
      throw new IllegalArgumentException("callTimeout must be positive: " + callTimeout);
    }
  }

  /** No authentication, {@link #DEFAULT_CALL_TIMEOUT}. */
  public static XmlRpcSettings defaults() {
    return new XmlRpcSettings(Optional.empty(), DEFAULT_CALL_TIMEOUT);
  }

  public XmlRpcSettings withCredentials(String username, String password) {
    return new XmlRpcSettings(Optional.of(new Credentials(username, password)), callTimeout);
  }

  public XmlRpcSettings withCallTimeout(Duration timeout) {
    return new XmlRpcSettings(credentials, timeout);
  }

  /** A basic-auth account; the password never appears in {@link #toString()}. */
  public record Credentials(String username, String password) {

    public Credentials {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
      return "Credentials[username=" + username + ", password=***]";
    }
  }
}
