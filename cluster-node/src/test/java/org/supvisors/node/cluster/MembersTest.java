package org.supvisors.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.Address;
import akka.cluster.Member;
import akka.cluster.MemberStatus;
import akka.cluster.UniqueAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.supvisors.node.config.InstanceAddress;

/** The roles of a member describe its instance well enough to add it to a table that no list prepared. */
class MembersTest {

  private static final InstanceAddress SUPV_03 = new InstanceAddress("supv-03", "10.0.0.13", 61000, 61001, 61003,
      "10.0.0.13");

  private static Member member(Address address, Set<String> roles) {
    return new Member(new UniqueAddress(address, 7L), 1, MemberStatus.up(),
        scala.jdk.javaapi.CollectionConverters.asScala(roles).toSet(), akka.util.Version.Zero());
  }

  @Test
  void aMembersRolesGiveBackItsInstance() {
    List<String> roles = Members.roles(SUPV_03, List.of("server", "gpu", "zeta"));
    Member member = member(new Address("akka", "supvisors", "10.0.0.13", 61001), new HashSet<>(roles));
    assertEquals(Optional.of("supv-03"), Members.identifierOf(member));
    assertEquals(Optional.of(new InstanceProfile(SUPV_03, List.of("server", "gpu", "zeta"))), Members.profileOf(member));
  }

  @Test
  void theConfiguredOrderOfTheStereotypesSurvivesAnyOrderOfTheRoles() {
    List<String> roles = new ArrayList<>(Members.roles(SUPV_03, List.of("b", "a", "c")));
    for (int shift = 0; shift < roles.size(); shift++) {
      Collections.rotate(roles, 1);
      assertEquals(List.of("b", "a", "c"), Members.profileOf(roles, "10.0.0.13", 61001).orElseThrow().stereotypes());
    }
  }

  @Test
  void identifiersAndStereotypesMayHoldColons() {
    InstanceAddress address = new InstanceAddress("10.0.0.13:61000", "10.0.0.13", 61000, 61001, 61003, "10.0.0.13");
    InstanceProfile profile =
        Members.profileOf(Members.roles(address, List.of("a:b")), "10.0.0.13", 61001).orElseThrow();
    assertEquals("10.0.0.13:61000", profile.identifier());
    assertEquals(List.of("a:b"), profile.stereotypes());
  }

  @Test
  void aMemberWithoutAProfileIsNoInstanceToAdd() {
    assertTrue(Members.profileOf(List.of(Members.role("old"), "dc-default"), "h", 61001).isEmpty());
    assertTrue(Members.profileOf(List.of("http-port:1", "node-http-port:2", "ip:h"), "h", 61001).isEmpty());
    assertTrue(Members.profileOf(Members.roles(SUPV_03, List.of()), "", 61001).isEmpty());
    List<String> badPort = new ArrayList<>(Members.roles(SUPV_03, List.of()));
    badPort.replaceAll(r -> r.startsWith("http-port:") ? "http-port:x" : r);
    assertTrue(Members.profileOf(badPort, "10.0.0.13", 61001).isEmpty());
  }
}
