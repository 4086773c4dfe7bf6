package org.supvisors.node.config;

/**
 * How to reach the local supervisord.
 *
 * @param host the host to connect to ({@code localhost} when supervisord listens on every interface)
 * @param httpPort the port of the supervisord {@code inet_http_server}
 * @param url the XML-RPC address, {@code http://host:port/RPC2}
 * @param username the user name, {@code ""} when supervisord needs no authentication
 * @param password the password, {@code ""} when none
 * @param identifier the supervisord identifier ({@code supervisord -i}), {@code supervisor} by default
 */
public record SupervisordSettings(
    String host, int httpPort, String url, String username, String password, String identifier) {

  /** Supervisor's default identifier; Supvisors ignores it when deducing instance names. */
  public static final String DEFAULT_IDENTIFIER = "supervisor";

  /** True when the identifier was set by the user, i.e. it can name an instance. */
  public boolean hasCustomIdentifier() {
    return !DEFAULT_IDENTIFIER.equals(identifier);
  }

  @Override
  public String toString() {
    // The password must never reach a log line.
    return "SupervisordSettings[host=" + host + ", httpPort=" + httpPort + ", url=" + url + ", username="
        + username + ", password=" + (password.isEmpty() ? "" : "***") + ", identifier=" + identifier + "]";
  }
}
