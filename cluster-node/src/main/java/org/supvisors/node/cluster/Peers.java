package org.supvisors.node.cluster;

import akka.actor.Address;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.receptionist.Receptionist;
import akka.actor.typed.receptionist.ServiceKey;
import akka.cluster.Member;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The actors of one cross-node role (instances table, process model, local commands), one per
 * node, as the receptionist lists them under the role's {@link ServiceKey}, each mapped to the
 * Supvisors identifier of its node. The identifier is the {@code id:} role of the Up (or WeaklyUp)
 * cluster member whose address is the actor's: a listed actor whose node is not such a member yet
 * is kept aside until it is, and one whose node left is dropped.
 *
 * <p>A node restarted on the same host and port is a new incarnation with the same address: an actor
 * is bound to the incarnation of its node when first resolved, so the old node's actor, still
 * listed for a while, never stands for the new node; between two actors of one incarnation, the
 * most recently listed wins.
 *
 * <p>Not an actor: the owner subscribes it ({@link #subscribe}), passes it each listing and each member
 * event it receives ({@link #memberChanged}), and asks it to {@link #resolve} again; the answer says which
 * identifiers got a new actor or lost theirs. Membership comes from the owner's own events, not from
 * {@code Cluster.state()}: that snapshot is updated by another subscriber and may not show Up yet a member
 * whose MemberUp the owner is handling; a table listed before would then stay unresolved until the next
 * listing, which may never come.
 */
public final class Peers<T> {

  /** What a resolution changed: identifiers with a new actor, identifiers without one now. */
  public record Changes<T>(Map<String, ActorRef<T>> added, Set<String> removed) {
    public boolean isEmpty() {
      return added.isEmpty() && removed.isEmpty();
    }
  }

  /** A member's identifier and incarnation (the uid of its unique address). */
  public record Node(String identifier, long incarnation) {}

  private final ServiceKey<T> key;
  /** Actors of the last listing, in the order they were first listed. */
  private final LinkedHashSet<ActorRef<T>> listed = new LinkedHashSet<>();
  /** The incarnation of its node each listed actor was first resolved with. */
  private final Map<ActorRef<T>, Long> incarnations = new HashMap<>();
  private Map<String, ActorRef<T>> resolved = Map.of();
  /** Up (or WeaklyUp) members with an identifier, by address, as the owner's member events told. */
  private final Map<Address, Node> upMembers = new HashMap<>();

  public Peers(ServiceKey<T> key) {
    this.key = key;
  }

  public static <T> ServiceKey<T> key(Class<T> type, String role) {
    return ServiceKey.create(type, "supvisors-" + role);
  }

  /** Makes {@code actor} the local actor of the role, for the other nodes to find. */
  public static <T> void register(ActorContext<?> context, ServiceKey<T> key, ActorRef<T> actor) {
    context.getSystem().receptionist().tell(Receptionist.register(key, actor));
  }

  /** The listings of the key come to the owner as {@code wrap(listing)}, the current one first. */
  public <M> void subscribe(ActorContext<M> context, akka.japi.function.Function<Receptionist.Listing, M> wrap) {
    context.getSystem().receptionist()
        .tell(Receptionist.subscribe(key, context.messageAdapter(Receptionist.Listing.class, wrap)));
  }

  public ServiceKey<T> key() {
    return key;
  }

  /**
   * Takes a listing of the key (others are ignored). Unreachable nodes' actors stay listed: losing
   * an instance is the instances table's decision, made from membership and reachability.
   */
  public void listed(Receptionist.Listing listing) {
    if (!listing.isForKey(key)) {
      return;
    }
    Set<ActorRef<T>> current = listing.getAllServiceInstances(key);
    listed.retainAll(current);
    listed.addAll(current);
    incarnations.keySet().retainAll(current);
  }

  /**
   * Takes a member event of the owner's subscription (which starts with the current members as events): an Up
   * or WeaklyUp member stands for its identifier, any other status of the same incarnation removes it.
   */
  public void memberChanged(Member member) {
    Optional<String> identifier = Members.identifierOf(member);
    if (identifier.isEmpty()) {
      return;
    }
    long incarnation = member.uniqueAddress().longUid();
    if (member.status() == MemberStatus.up() || member.status() == MemberStatus.weaklyUp()) {
      upMembers.put(member.address(), new Node(identifier.get(), incarnation));
    } else {
      Node known = upMembers.get(member.address());
      if (known != null && known.incarnation() == incarnation) {
        upMembers.remove(member.address());
      }
    }
  }

  /** Maps the listed actors to identifiers with the membership told by {@link #memberChanged}. */
  public Changes<T> resolve(Address selfAddress) {
    return resolve(selfAddress, Map.copyOf(upMembers));
  }

  /**
   * Maps the listed actors to identifiers with the cluster's current membership snapshot: for an owner that
   * resolves on use rather than on member events.
   */
  public Changes<T> resolve(Cluster cluster) {
    return resolve(cluster.selfMember().address(), upIdentifiers(cluster.state().getMembers()));
  }

  /**
   * Maps the listed actors to identifiers.
   *
   * @param selfAddress where the local actors are (their own paths carry no host and port)
   * @param upMembers every Up or WeaklyUp member with an identifier, by address
   */
  public Changes<T> resolve(Address selfAddress, Map<Address, Node> upMembers) {
    Map<String, ActorRef<T>> next = new HashMap<>();
    for (ActorRef<T> actor : listed) {
      Address address = actor.path().address();
      Node node = upMembers.get(address.hasLocalScope() ? selfAddress : address);
      if (node != null && incarnations.computeIfAbsent(actor, a -> node.incarnation()) == node.incarnation()) {
        // Later in the listing order wins: the newer of two actors of one node.
        next.put(node.identifier(), actor);
      }
    }
    Map<String, ActorRef<T>> added = new HashMap<>();
    next.forEach((identifier, actor) -> {
      if (!actor.equals(resolved.get(identifier))) {
        added.put(identifier, actor);
      }
    });
    Set<String> removed = new HashSet<>(resolved.keySet());
    removed.removeAll(next.keySet());
    resolved = Collections.unmodifiableMap(next);
    return new Changes<>(Collections.unmodifiableMap(added), Collections.unmodifiableSet(removed));
  }

  public Optional<ActorRef<T>> get(String identifier) {
    return Optional.ofNullable(resolved.get(identifier));
  }

  /** Every resolved actor, by identifier. */
  public Map<String, ActorRef<T>> all() {
    return resolved;
  }

  /** Every Up or WeaklyUp member that carries an identifier, by address. */
  public static Map<Address, Node> upIdentifiers(Iterable<Member> members) {
    Map<Address, Node> up = new HashMap<>();
    for (Member member : members) {
      if (member.status() == MemberStatus.up() || member.status() == MemberStatus.weaklyUp()) {
        Members.identifierOf(member).ifPresent(identifier ->
            up.put(member.address(), new Node(identifier, member.uniqueAddress().longUid())));
      }
    }
    return up;
  }
}
