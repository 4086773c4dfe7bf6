package org.supvisors.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.Address;
import akka.actor.AddressFromURIString;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorRefResolver;
import akka.actor.typed.receptionist.Receptionist;
import akka.actor.typed.receptionist.ServiceKey;
import com.typesafe.config.ConfigFactory;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.supvisors.node.testkit.TestKitExtension;

/** Listings mapped to identifiers through membership: remote actors, the local one, incarnations, keys. */
class PeersTest {

  /** Actor references to other hosts need a remoting provider; the system never joins. */
  @RegisterExtension
  static final TestKitExtension testKit = new TestKitExtension(ConfigFactory.parseString(
      "akka.actor.provider = cluster\n"
          + "akka.remote.artery.canonical.hostname = 127.0.0.1\n"
          + "akka.remote.artery.canonical.port = 0"));

  private static final ServiceKey<String> KEY = Peers.key(String.class, "test");
  private static final Address SELF = AddressFromURIString.parse("akka://PeersTest@127.0.0.1:61001");
  private static final Address B = AddressFromURIString.parse("akka://PeersTest@127.0.0.1:61101");
  private static final Address C = AddressFromURIString.parse("akka://PeersTest@127.0.0.1:61201");

  /** An actor of another node, as a listing shows it; {@code uid} tells two incarnations apart. */
  private ActorRef<String> remote(Address address, int uid) {
    return ActorRefResolver.get(testKit.kit().system()).resolveActorRef(address + "/user/test#" + uid);
  }

  private static Receptionist.Listing listing(Set<ActorRef<String>> actors) {
    return Receptionist.listing(KEY, actors);
  }

  @Test
  void listedActorsOfUpMembersAreMappedToTheirIdentifiers() {
    Peers<String> peers = new Peers<>(KEY);
    ActorRef<String> local = testKit.kit().<String>createTestProbe().getRef();
    ActorRef<String> b = remote(B, 1);
    ActorRef<String> c = remote(C, 2);
    peers.listed(listing(Set.of(local, b, c)));
    // c's node is not an Up member yet: kept aside.
    Peers.Changes<String> changes = peers.resolve(SELF, Map.of(
        SELF, new Peers.Node("a", 10), B, new Peers.Node("b", 20)));
    assertEquals(Map.of("a", local, "b", b), changes.added());
    assertTrue(changes.removed().isEmpty());
    // c is Up now: only c is new.
    changes = peers.resolve(SELF, Map.of(
        SELF, new Peers.Node("a", 10), B, new Peers.Node("b", 20), C, new Peers.Node("c", 30)));
    assertEquals(Map.of("c", c), changes.added());
    assertEquals(Optional.of(c), peers.get("c"));
    assertEquals(3, peers.all().size());
  }

  @Test
  void actorsLeaveWithTheirListingOrTheirMember() {
    Peers<String> peers = new Peers<>(KEY);
    ActorRef<String> b = remote(B, 1);
    ActorRef<String> c = remote(C, 2);
    Map<Address, Peers.Node> up = Map.of(B, new Peers.Node("b", 20), C, new Peers.Node("c", 30));
    peers.listed(listing(Set.of(b, c)));
    peers.resolve(SELF, up);
    peers.listed(listing(Set.of(b)));
    assertEquals(Set.of("c"), peers.resolve(SELF, up).removed());
    Peers.Changes<String> changes = peers.resolve(SELF, Map.of());
    assertEquals(Set.of("b"), changes.removed());
    assertTrue(changes.added().isEmpty());
    assertEquals(Optional.empty(), peers.get("b"));
  }

  @Test
  void aNewIncarnationReplacesTheOldActorEvenWhileBothAreListed() {
    Peers<String> peers = new Peers<>(KEY);
    ActorRef<String> old = remote(B, 1);
    peers.listed(listing(Set.of(old)));
    peers.resolve(SELF, Map.of(B, new Peers.Node("b", 20)));
    // The node restarted on the same address: the old actor is still listed, not yet the new one.
    Map<Address, Peers.Node> restarted = Map.of(B, new Peers.Node("b", 21));
    assertEquals(Set.of("b"), peers.resolve(SELF, restarted).removed());
    ActorRef<String> renewed = remote(B, 2);
    peers.listed(listing(Set.of(old, renewed)));
    assertEquals(Map.of("b", renewed), peers.resolve(SELF, restarted).added());
    peers.listed(listing(Set.of(renewed)));
    assertTrue(peers.resolve(SELF, restarted).isEmpty());
    assertEquals(Optional.of(renewed), peers.get("b"));
  }

  /** A member as the owner's events carry it: identifier role, incarnation, status. */
  private static akka.cluster.Member member(Address address, String identifier, long uid, akka.cluster.MemberStatus status) {
    scala.collection.immutable.Set<String> roles =
        scala.jdk.javaapi.CollectionConverters.asScala(Set.of(Members.role(identifier))).toSet();
    return new akka.cluster.Member(new akka.cluster.UniqueAddress(address, uid), 1, status, roles,
        akka.util.Version.Zero());
  }

  @Test
  void membershipComesFromTheOwnersMemberEvents() {
    Peers<String> peers = new Peers<>(KEY);
    ActorRef<String> b = remote(B, 1);
    // Listed while its node is still joining: kept aside.
    peers.listed(listing(Set.of(b)));
    peers.memberChanged(member(B, "b", 20, akka.cluster.MemberStatus.joining()));
    assertTrue(peers.resolve(SELF).isEmpty());
    // The MemberUp event alone resolves it, with no new listing.
    peers.memberChanged(member(B, "b", 20, akka.cluster.MemberStatus.up()));
    assertEquals(Map.of("b", b), peers.resolve(SELF).added());
    // A late event of an older incarnation does not remove the current one.
    peers.memberChanged(member(B, "b", 19, akka.cluster.MemberStatus.removed()));
    assertEquals(Optional.of(b), peers.get("b"));
    assertTrue(peers.resolve(SELF).isEmpty());
    peers.memberChanged(member(B, "b", 20, akka.cluster.MemberStatus.down()));
    assertEquals(Set.of("b"), peers.resolve(SELF).removed());
  }

  @Test
  void listingsOfOtherKeysAreIgnored() {
    Peers<String> peers = new Peers<>(KEY);
    ServiceKey<String> other = Peers.key(String.class, "other");
    peers.listed(Receptionist.listing(other, Set.of(remote(B, 1))));
    assertTrue(peers.resolve(SELF, Map.of(B, new Peers.Node("b", 20))).isEmpty());
  }

  /** The owner's subscription: the current listing first, then each change, through its adapter. */
  @Test
  void subscribedOwnersReceiveTheListings() {
    ServiceKey<String> key = Peers.key(String.class, "subscribed");
    TestProbe<Receptionist.Listing> owner = testKit.kit().createTestProbe();
    testKit.kit().spawn(akka.actor.typed.javadsl.Behaviors.<Receptionist.Listing>setup(context -> {
      new Peers<>(key).subscribe(context, listing -> listing);
      return akka.actor.typed.javadsl.Behaviors.receiveMessage(listing -> {
        owner.getRef().tell(listing);
        return akka.actor.typed.javadsl.Behaviors.same();
      });
    }));
    assertTrue(owner.receiveMessage().getServiceInstances(key).isEmpty());
    ActorRef<String> registered = testKit.kit().<String>createTestProbe().getRef();
    testKit.kit().system().receptionist().tell(Receptionist.register(key, registered));
    assertEquals(Set.of(registered), owner.receiveMessage(java.time.Duration.ofSeconds(10)).getServiceInstances(key));
  }
}
