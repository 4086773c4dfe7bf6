package org.supvisors.node.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A resolver on a fixed table: this machine is {@code rocky51.cliche.bzh} (192.168.1.65 and 192.168.1.70), as in
 * the examples of the Supvisors manual, among rocky52 and rocky53.
 */
final class FakeHostResolver implements HostResolver {

  private final Map<String, ResolvedHost> hosts = new HashMap<>();

  FakeHostResolver() {
    ResolvedHost rocky51 = new ResolvedHost("rocky51.cliche.bzh", List.of("rocky51"), List.of("192.168.1.65"));
    hosts.put("rocky51", rocky51);
    hosts.put("rocky51.cliche.bzh", rocky51);
    hosts.put("192.168.1.65", rocky51);
    hosts.put("192.168.1.70", new ResolvedHost("192.168.1.70", List.of(), List.of("192.168.1.70")));
    hosts.put("rocky52", new ResolvedHost("rocky52.cliche.bzh", List.of("rocky52"), List.of("192.168.1.66")));
    hosts.put("rocky53", new ResolvedHost("rocky53.cliche.bzh", List.of("rocky53"), List.of("192.168.1.67")));
    hosts.put("localhost", new ResolvedHost("localhost", List.of(), List.of("127.0.0.1", "::1")));
    hosts.put("127.0.0.1", new ResolvedHost("localhost", List.of(), List.of("127.0.0.1")));
    hosts.put("cliché81", new ResolvedHost("cliché81", List.of(), List.of("192.168.1.81")));
    hosts.put("192.168.1.49", new ResolvedHost("cliché82", List.of(), List.of("192.168.1.49")));
    hosts.put("cliché83", new ResolvedHost("cliché83", List.of(), List.of("192.168.1.83")));
    hosts.put("cliché84", new ResolvedHost("cliché84", List.of(), List.of("192.168.1.84")));
  }

  @Override
  public Optional<ResolvedHost> resolve(String host) {
    return Optional.ofNullable(hosts.get(host));
  }

  @Override
  public String localHostName() {
    return "rocky51";
  }

  @Override
  public String localFqdn() {
    return "rocky51.cliche.bzh";
  }

  @Override
  public Set<String> localAddresses() {
    return Set.of("127.0.0.1", "::1", "192.168.1.65", "192.168.1.70");
  }
}
