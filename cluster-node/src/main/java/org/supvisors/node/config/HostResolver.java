package org.supvisors.node.config;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Name resolution, behind an interface so that the local instance can be identified in tests without a network.
 *
 * <p>It stands for what Supvisors gets from {@code socket.gethostbyaddr}, {@code socket.gethostname} and
 * {@code socket.getfqdn}, plus the addresses of the local interfaces.
 */
public interface HostResolver {

  /**
   * What a host name or address resolves to.
   *
   * @param canonicalName the official host name
   * @param aliases the other names of the host
   * @param ipAddresses the host addresses, the preferred first
   */
  record ResolvedHost(String canonicalName, List<String> aliases, List<String> ipAddresses) {

    public ResolvedHost {
      aliases = List.copyOf(aliases);
      ipAddresses = List.copyOf(ipAddresses);
    }
  }

  /** Resolves a host name or IP address; empty when the host is unknown. */
  Optional<ResolvedHost> resolve(String host);

  /** The host name of this machine ({@code hostname}). */
  String localHostName();

  /** The fully qualified name of this machine. */
  String localFqdn();

  /** Every IP address of the local interfaces, loopback included. */
  Set<String> localAddresses();
}
