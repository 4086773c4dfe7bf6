package org.supvisors.node.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The real resolver, on what every machine has: its loopback. */
class InetHostResolverTest {

  private final InetHostResolver resolver = new InetHostResolver();

  @Test
  void resolvesLocalhostToALoopbackAddress() {
    var host = resolver.resolve("localhost").orElseThrow();
    assertTrue(host.ipAddresses().contains("127.0.0.1") || host.ipAddresses().contains("0:0:0:0:0:0:0:1"),
        host.toString());
  }

  @Test
  void knowsTheLoopbackAsLocalAndHasAName() {
    var addresses = resolver.localAddresses();
    assertTrue(addresses.contains("127.0.0.1") || addresses.contains("0:0:0:0:0:0:0:1"), addresses.toString());
    assertFalse(resolver.localHostName().isBlank());
    assertFalse(resolver.localFqdn().isBlank());
  }

  @Test
  void resolvesIpAddressesWithoutLookup() {
    assertTrue(resolver.resolve("127.0.0.1").orElseThrow().ipAddresses().contains("127.0.0.1"));
  }
}
