package org.supvisors.node.cluster.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import akka.discovery.Lookup;
import akka.discovery.ServiceDiscovery.Resolved;
import akka.discovery.ServiceDiscovery.ResolvedTarget;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DiscoveryTargetsTest {

  private static final Announcement A = new Announcement("b-id", "10.200.0.11", 61000, 61001, 61004, 61003, List.of());
  private static final Announcement B = new Announcement("a-id", "10.200.0.12", 61100, 61101, 61104, 61103, List.of());
  private static final Announcement NAMED = new Announcement("c", "rocky52", 61200, 61201, 61204, 61203, List.of());

  private static List<String> hostPorts(Resolved resolved) {
    return resolved.getAddresses().stream().map(t -> t.host() + ":" + t.getPort().orElse("none")).toList();
  }

  @Test
  void givesTheManagementPortOfEveryInstanceSortedByHost() {
    Resolved resolved = DiscoveryTargets.resolve(Lookup.create("supvisors"), List.of(NAMED, B, A));
    assertEquals("supvisors", resolved.serviceName());
    assertEquals(List.of("10.200.0.11:61004", "10.200.0.12:61104", "rocky52:61204"), hostPorts(resolved));
  }

  @Test
  void setsTheAddressOfIpLiteralsOnly() {
    List<ResolvedTarget> targets = DiscoveryTargets.resolve(Lookup.create("s"), List.of(A, NAMED)).getAddresses();
    assertEquals("10.200.0.11", targets.get(0).getAddress().orElseThrow().getHostAddress());
    assertEquals(Optional.empty(), targets.get(1).getAddress());
  }

  @Test
  void answersEveryServiceName() {
    assertEquals(2, DiscoveryTargets.resolve(Lookup.create("anything-else"), List.of(A, B)).getAddresses().size());
  }

  @Test
  void choosesThePortByName() {
    assertEquals(List.of("10.200.0.11:61001"),
        hostPorts(DiscoveryTargets.resolve(Lookup.create("s").withPortName("internal"), List.of(A))));
    assertEquals(List.of("10.200.0.11:61003"),
        hostPorts(DiscoveryTargets.resolve(Lookup.create("s").withPortName("http"), List.of(A))));
    assertEquals(List.of("10.200.0.11:61000"),
        hostPorts(DiscoveryTargets.resolve(Lookup.create("s").withPortName("supervisor"), List.of(A))));
    assertEquals(List.of("10.200.0.11:61004"),
        hostPorts(DiscoveryTargets.resolve(Lookup.create("s").withPortName("Management"), List.of(A))));
    assertThrows(IllegalArgumentException.class,
        () -> DiscoveryTargets.resolve(Lookup.create("s").withPortName("akka-mgmt-http"), List.of(A)));
  }
}
