package org.supvisors.node.cluster.discovery;

import akka.actor.ExtendedActorSystem;
import akka.discovery.Lookup;
import akka.discovery.ServiceDiscovery;
import akka.dispatch.Futures;
import java.util.Collection;
import org.supvisors.node.cluster.ContactPointNames;
import scala.concurrent.Future;
import scala.concurrent.duration.FiniteDuration;

/**
 * The Akka Discovery method of Supvisors' discovery mode: the instances heard on the multicast group. Akka
 * Discovery creates it from {@code akka.discovery.<method>.class} with the actor system, e.g.
 *
 * <pre>
 * akka.discovery.supvisors-multicast.class = "org.supvisors.node.cluster.discovery.MulticastServiceDiscovery"
 * akka.management.cluster.bootstrap.contact-point-discovery.discovery-method = supvisors-multicast
 * </pre>
 *
 * <p>A lookup answers at once from what has been heard so far (the local instance at least): Cluster Bootstrap
 * polls again until its contact points are stable, so there is nothing to wait for here. Each answer also tells
 * {@link ContactPointNames} which identifier answers at each management contact point, for the join decision.
 */
public final class MulticastServiceDiscovery extends ServiceDiscovery {

  private final MulticastDiscovery discovery;
  private final ContactPointNames names;

  public MulticastServiceDiscovery(ExtendedActorSystem system) {
    this.discovery = MulticastDiscovery.get(system);
    this.names = ContactPointNames.get(system);
  }

  @Override
  public Future<Resolved> lookup(Lookup lookup, FiniteDuration resolveTimeout) {
    Collection<Announcement> heard = discovery.heard().values();
    heard.forEach(a -> names.put(a.host(), a.managementPort(), a.identifier()));
    try {
      return Futures.successful(DiscoveryTargets.resolve(lookup, heard));
    } catch (IllegalArgumentException e) {
      return Futures.failed(e);
    }
  }
}
